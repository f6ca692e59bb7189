#pragma once
// The dashboard's files, compiled into the binary by CMake (bot/app/CMakeLists.txt) from bot/app/web/ and
// Debian's Chart.js.
#include <span>
#include <string_view>

namespace ambassador::app {

struct WebAsset {
  std::string_view name;  // "app.js": served as /app/app.js
  std::string_view content_type;
  std::string_view body;
  std::string_view gzipped;  // the same body, gzip-compressed
  std::string_view etag;     // quoted, from the file's SHA-256
};

std::span<const WebAsset> web_assets();

}  // namespace ambassador::app
