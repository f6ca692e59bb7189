# Shared compile options for every target of the project.
add_library(ambassador_options INTERFACE)
target_compile_options(ambassador_options INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(AMBASSADOR_WERROR)
  target_compile_options(ambassador_options INTERFACE -Werror)
endif()
# Asio and Beast are compiled once (bot/http/asio_impl.cpp), not in every translation unit.
target_compile_definitions(ambassador_options INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION BOOST_ASIO_NO_DEPRECATED
  AMBASSADOR_VERSION="${PROJECT_VERSION}")
if(AMBASSADOR_SANITIZE AND AMBASSADOR_TSAN)
  message(FATAL_ERROR "AMBASSADOR_SANITIZE (address, undefined) and AMBASSADOR_TSAN (thread) cannot be combined")
endif()
if(AMBASSADOR_SANITIZE)
  target_compile_options(ambassador_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(ambassador_options INTERFACE -fsanitize=address,undefined)
endif()
if(AMBASSADOR_TSAN)
  # -Wno-tsan: libstdc++ and Asio use atomic_thread_fence, which ThreadSanitizer does not model; GCC warns of it.
  target_compile_options(ambassador_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
  target_link_options(ambassador_options INTERFACE -fsanitize=thread)
endif()
target_include_directories(ambassador_options INTERFACE ${PROJECT_SOURCE_DIR})

# ambassador_library(NAME DIR [DEPS ...]): a static library from every .cpp directly in DIR.
function(ambassador_library name dir)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_link_libraries(${name} PUBLIC ambassador_options ${ARG_DEPS})
  else()
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE ambassador_options ${ARG_DEPS})
  endif()
endfunction()
