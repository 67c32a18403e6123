#include "infra/images/vips_image_processor.hpp"

#include <vips/vips8>

#include <mutex>
#include <stdexcept>

namespace matricula::images {
namespace {

const Error kNotAnImage = Error::field("profile_picture", "Choose a JPEG, PNG, WebP or GIF picture.");

struct Format {
  const char* loader_prefix;
  const char* content_type;
  const char* save_suffix;  // what we write back
};

// A GIF is kept as its first frame, as a PNG.
constexpr Format kFormats[] = {{"VipsForeignLoadJpeg", "image/jpeg", ".jpg[Q=85,strip]"},
                               {"VipsForeignLoadPng", "image/png", ".png[strip]"},
                               {"VipsForeignLoadWebp", "image/webp", ".webp[Q=85,strip]"},
                               {"VipsForeignLoadGif", "image/png", ".png[strip]"}};

std::string square(vips::VImage image, int size, const char* suffix) {
  auto thumb = image.thumbnail_image(size, vips::VImage::option()->set("height", size)->set("crop", VIPS_INTERESTING_CENTRE)->set("size", VIPS_SIZE_BOTH));
  void* out = nullptr;
  std::size_t length = 0;
  thumb.write_to_buffer(suffix, &out, &length);
  std::string bytes(static_cast<char*>(out), length);
  g_free(out);
  return bytes;
}

}  // namespace

VipsImageProcessor::VipsImageProcessor(ImageLimits limits) : limits_(limits) {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("matricula")) throw std::runtime_error("libvips failed to start");
    vips_cache_set_max(0);  // every upload is new: caching only costs memory
    vips_concurrency_set(1);
  });
}

Result<ProcessedImage> VipsImageProcessor::process(std::string_view bytes) {
  if (bytes.empty()) return Error::field("profile_picture", "Choose a picture to upload.");
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  if (!loader) {
    vips_error_clear();
    return kNotAnImage;
  }
  const Format* format = nullptr;
  for (auto& f : kFormats)
    if (std::string_view(loader).rfind(f.loader_prefix, 0) == 0) format = &f;
  if (!format) return kNotAnImage;  // TIFF, SVG, PDF, HEIF…: decodable, but not accepted
  try {
    // Opening reads the header only: width and height are known before any pixel is decoded.
    auto image = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "",
                                               vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL)->set("fail", true));
    auto pixels = static_cast<std::size_t>(image.width()) * static_cast<std::size_t>(image.height());
    if (pixels > limits_.max_pixels)
      return Error::field("profile_picture", "This picture is too large: use one of at most " +
                                                  std::to_string(limits_.max_pixels / 1'000'000) + " megapixels.");
    // Decode it all once: a truncated or corrupt file fails here, not half-way into a thumbnail.
    auto decoded = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "",
                                                 vips::VImage::option()->set("fail", true)).copy_memory();
    decoded = decoded.autorot();
    if (decoded.interpretation() != VIPS_INTERPRETATION_sRGB && decoded.interpretation() != VIPS_INTERPRETATION_B_W)
      decoded = decoded.colourspace(VIPS_INTERPRETATION_sRGB);
    return ProcessedImage{format->content_type, square(decoded, 512, format->save_suffix),
                          square(decoded, 96, format->save_suffix)};
  } catch (const vips::VError&) {
    vips_error_clear();
    return Error::field("profile_picture", "This picture is damaged or incomplete. Try another file.");
  }
}

}  // namespace matricula::images
