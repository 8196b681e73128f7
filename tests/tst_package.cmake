# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the .deb with CPack, unpacks it (without installing it on this machine),
# and runs the packaged wirebench --version.
set(work "${BUILD_DIR}/tst_package")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

execute_process(COMMAND cpack -G DEB -B "${work}" WORKING_DIRECTORY "${BUILD_DIR}"
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "cpack failed (${code}):\n${out}\n${err}")
endif()
file(GLOB debs "${work}/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
    message(FATAL_ERROR "expected one .deb in ${work}, found: ${debs}")
endif()

execute_process(COMMAND dpkg-deb --field ${debs} Package Version Depends
                RESULT_VARIABLE code OUTPUT_VARIABLE fields)
if(NOT fields MATCHES "Package: wirebench" OR NOT fields MATCHES "Version: ${VERSION}"
   OR NOT fields MATCHES "libqt6core6" OR NOT fields MATCHES "libqt6svg6" OR NOT fields MATCHES "qt6-base-abi")
    message(FATAL_ERROR "unexpected package fields:\n${fields}")
endif()
# A build with the window depends on Qt Widgets; one without it does not.
if(HAS_UI AND NOT fields MATCHES "libqt6widgets6")
    message(FATAL_ERROR "the window's package does not depend on libqt6widgets6:\n${fields}")
endif()

execute_process(COMMAND dpkg-deb -x ${debs} "${work}/root" RESULT_VARIABLE code)
foreach(path usr/bin/wirebench usr/share/applications/wirebench.desktop
             usr/share/icons/hicolor/scalable/apps/wirebench.svg usr/share/doc/wirebench/LICENSE
             usr/share/wirebench/sessions/demo.json usr/share/doc/wirebench/session-format.md)
    if(NOT EXISTS "${work}/root/${path}")
        message(FATAL_ERROR "the package lacks /${path}")
    endif()
endforeach()

execute_process(COMMAND "${work}/root/usr/bin/wirebench" --version
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT out STREQUAL "wirebench ${VERSION}\n")
    message(FATAL_ERROR "packaged wirebench --version: exit ${code}\n${out}\n${err}")
endif()
