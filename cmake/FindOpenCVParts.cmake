# Finds only OpenCV's core, imgproc and imgcodecs (Debian's -dev packages for these three ship
# no OpenCVConfig.cmake, and the full libopencv-dev would drag in highgui and Qt 5).
# Defines imported targets OpenCV::core, OpenCV::imgproc, OpenCV::imgcodecs.
find_path(OpenCVParts_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4)
set(_parts core imgproc imgcodecs)
set(_libs "")
foreach(part IN LISTS _parts)
  find_library(OpenCVParts_${part}_LIBRARY opencv_${part})
  list(APPEND _libs OpenCVParts_${part}_LIBRARY)
endforeach()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenCVParts REQUIRED_VARS OpenCVParts_INCLUDE_DIR ${_libs})
if(OpenCVParts_FOUND)
  foreach(part IN LISTS _parts)
    if(NOT TARGET OpenCV::${part})
      add_library(OpenCV::${part} UNKNOWN IMPORTED)
      set_target_properties(OpenCV::${part} PROPERTIES
        IMPORTED_LOCATION "${OpenCVParts_${part}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${OpenCVParts_INCLUDE_DIR}")
    endif()
  endforeach()
endif()
