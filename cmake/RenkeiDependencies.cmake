# All third-party dependencies, from Debian 12 packages (see Makefile: DEBIAN_PACKAGES).
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system)
find_package(Catch2 2 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo)
find_package(wxWidgets 3.2 COMPONENTS core base adv)

# Debian's libmstch-dev ships only a static library and a CMake package without an imported
# target name we can rely on; wrap it.
find_path(MSTCH_INCLUDE_DIR mstch/mstch.hpp REQUIRED)
find_library(MSTCH_LIBRARY NAMES mstch REQUIRED)
add_library(renkei_mstch INTERFACE)
target_include_directories(renkei_mstch INTERFACE ${MSTCH_INCLUDE_DIR})
target_link_libraries(renkei_mstch INTERFACE ${MSTCH_LIBRARY})

include(Catch)
