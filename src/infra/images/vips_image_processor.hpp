#pragma once
#include "ports/image_processor.hpp"

namespace matricula::images {

struct ImageLimits {
  std::size_t max_pixels = 40'000'000;  // checked from the header, before any pixel is decoded
};

// libvips: the type is found by decoding (never from a name or a Content-Type), the size
// checked before decoding, and what is kept is re-encoded from pixels only, so metadata
// (EXIF, GPS position, comments) and anything hidden after the image are gone.
class VipsImageProcessor final : public ImageProcessor {
 public:
  explicit VipsImageProcessor(ImageLimits limits = {});
  Result<ProcessedImage> process(std::string_view bytes) override;

 private:
  ImageLimits limits_;
};

}  // namespace matricula::images
