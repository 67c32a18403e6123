#include "infra/images/vips_image_processor.hpp"

#include <dlfcn.h>
#include <vips/vips.h>  // types and constants only: libvips is loaded at the first upload

#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace matricula::images {
namespace {

const Error kNotAnImage = Error::field("profile_picture", "Choose a JPEG, PNG, WebP or GIF picture.");
const Error kDamaged = Error::field("profile_picture", "This picture is damaged or incomplete. Try another file.");

// libvips and the many libraries behind its loaders weigh some 15 MB of memory: they are
// opened at the first upload (dlopen), so that an instance which never sees one, and its
// idle footprint, do without them.
struct Vips {
  decltype(&::vips_init) init;
  decltype(&::vips_cache_set_max) cache_set_max;
  decltype(&::vips_concurrency_set) concurrency_set;
  decltype(&::vips_error_clear) error_clear;
  decltype(&::vips_foreign_find_load_buffer) find_load_buffer;
  decltype(&::vips_image_new_from_buffer) new_from_buffer;
  decltype(&::vips_image_get_width) width;
  decltype(&::vips_image_get_height) height;
  decltype(&::vips_image_get_interpretation) interpretation;
  decltype(&::vips_image_copy_memory) copy_memory;
  decltype(&::vips_autorot) autorot;
  decltype(&::vips_colourspace) colourspace;
  decltype(&::vips_thumbnail_image) thumbnail;
  decltype(&::vips_image_write_to_buffer) write_to_buffer;
  decltype(&::g_object_unref) unref;
  decltype(&::g_free) free;

  static const Vips& get() {
    static std::once_flag once;
    static Vips api;
    std::call_once(once, [] {
      void* lib = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
      if (!lib) throw std::runtime_error(std::string("cannot load libvips: ") + dlerror());
      auto load = [lib](auto& fn, const char* name) {
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
        if (!fn) throw std::runtime_error(std::string("libvips lacks ") + name);
      };
      load(api.init, "vips_init");
      load(api.cache_set_max, "vips_cache_set_max");
      load(api.concurrency_set, "vips_concurrency_set");
      load(api.error_clear, "vips_error_clear");
      load(api.find_load_buffer, "vips_foreign_find_load_buffer");
      load(api.new_from_buffer, "vips_image_new_from_buffer");
      load(api.width, "vips_image_get_width");
      load(api.height, "vips_image_get_height");
      load(api.interpretation, "vips_image_get_interpretation");
      load(api.copy_memory, "vips_image_copy_memory");
      load(api.autorot, "vips_autorot");
      load(api.colourspace, "vips_colourspace");
      load(api.thumbnail, "vips_thumbnail_image");
      load(api.write_to_buffer, "vips_image_write_to_buffer");
      load(api.unref, "g_object_unref");
      load(api.free, "g_free");
      if (api.init("matricula") != 0) throw std::runtime_error("libvips failed to start");
      api.cache_set_max(0);  // every upload is new: caching only costs memory
      api.concurrency_set(1);
    });
    return api;
  }
};

// Owns a VipsImage reference.
using Image = std::unique_ptr<VipsImage, void (*)(VipsImage*)>;
Image own(VipsImage* image) {
  return Image(image, [](VipsImage* i) {
    if (i) Vips::get().unref(i);
  });
}

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

std::optional<std::string> square(const Vips& v, VipsImage* image, int size, const char* suffix) {
  VipsImage* out = nullptr;
  if (v.thumbnail(image, &out, size, "height", size, "crop", VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_BOTH,
                  nullptr) != 0)
    return std::nullopt;
  auto thumb = own(out);
  void* buffer = nullptr;
  std::size_t length = 0;
  if (v.write_to_buffer(thumb.get(), suffix, &buffer, &length, nullptr) != 0) return std::nullopt;
  std::string bytes(static_cast<char*>(buffer), length);
  v.free(buffer);
  return bytes;
}

}  // namespace

VipsImageProcessor::VipsImageProcessor(ImageLimits limits) : limits_(limits) {}

Result<ProcessedImage> VipsImageProcessor::process(std::string_view bytes) {
  if (bytes.empty()) return Error::field("profile_picture", "Choose a picture to upload.");
  auto& v = Vips::get();
  struct ClearErrors {
    const Vips& v;
    ~ClearErrors() { v.error_clear(); }
  } clear{v};
  const char* loader = v.find_load_buffer(bytes.data(), bytes.size());
  if (!loader) return kNotAnImage;
  const Format* format = nullptr;
  for (auto& f : kFormats)
    if (std::string_view(loader).rfind(f.loader_prefix, 0) == 0) format = &f;
  if (!format) return kNotAnImage;  // TIFF, SVG, PDF, HEIF…: decodable, but not accepted

  // Opening reads the header only: the size is known before any pixel is decoded.
  auto header = own(v.new_from_buffer(bytes.data(), bytes.size(), "", "access", VIPS_ACCESS_SEQUENTIAL, "fail",
                                      TRUE, nullptr));
  if (!header) return kDamaged;
  auto pixels = static_cast<std::size_t>(v.width(header.get())) * static_cast<std::size_t>(v.height(header.get()));
  if (pixels > limits_.max_pixels)
    return Error::field("profile_picture", "This picture is too large: use one of at most " +
                                                std::to_string(limits_.max_pixels / 1'000'000) + " megapixels.");
  // Decode it all once: a truncated or corrupt file fails here, not half-way into a thumbnail.
  auto decoded = own(v.copy_memory(header.get()));
  if (!decoded) return kDamaged;
  VipsImage* rotated = nullptr;
  if (v.autorot(decoded.get(), &rotated, nullptr) != 0) return kDamaged;
  auto image = own(rotated);
  auto interpretation = v.interpretation(image.get());
  if (interpretation != VIPS_INTERPRETATION_sRGB && interpretation != VIPS_INTERPRETATION_B_W) {
    VipsImage* srgb = nullptr;
    if (v.colourspace(image.get(), &srgb, VIPS_INTERPRETATION_sRGB, nullptr) != 0) return kDamaged;
    image = own(srgb);
  }
  auto large = square(v, image.get(), 512, format->save_suffix);
  auto small = square(v, image.get(), 96, format->save_suffix);
  if (!large || !small) return kDamaged;
  return ProcessedImage{format->content_type, std::move(*large), std::move(*small)};
}

}  // namespace matricula::images
