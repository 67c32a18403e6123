#pragma once
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace matricula {

struct ProcessedImage {
  std::string content_type;  // of both sizes
  std::string large;         // 512 px square
  std::string small;         // 96 px square
};

// Decodes an uploaded picture, refuses what is not a JPEG, PNG, WebP or GIF or is too
// large, and re-encodes it without its metadata. Errors name the field "profile_picture".
struct ImageProcessor {
  virtual ~ImageProcessor() = default;
  virtual Result<ProcessedImage> process(std::string_view bytes) = 0;
};

}  // namespace matricula
