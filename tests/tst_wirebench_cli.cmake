# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the wirebench executable as a user would, without a display.
function(expect_run)
    cmake_parse_arguments(ARG "" "EXIT;OUT;ERR" "ARGS;ENV" ${ARGN})
    execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY
                            --unset=QT_QPA_PLATFORM ${ARG_ENV} ${WIREBENCH} ${ARG_ARGS}
                    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 30)
    if(NOT code STREQUAL ARG_EXIT)
        message(FATAL_ERROR "wirebench ${ARG_ARGS}: exit ${code}, expected ${ARG_EXIT}\nstdout: ${out}\nstderr: ${err}")
    endif()
    if(ARG_OUT AND NOT out MATCHES "${ARG_OUT}")
        message(FATAL_ERROR "wirebench ${ARG_ARGS}: stdout does not match '${ARG_OUT}':\n${out}")
    endif()
    if(ARG_ERR AND NOT err MATCHES "${ARG_ERR}")
        message(FATAL_ERROR "wirebench ${ARG_ARGS}: stderr does not match '${ARG_ERR}':\n${err}")
    endif()
endfunction()

expect_run(ARGS --version EXIT 0 OUT "^wirebench ${VERSION}\n$")
expect_run(ARGS --help EXIT 0 OUT "Usage: .*--demo")
if(HAS_UI)
    expect_run(ARGS --demo EXIT 1 ERR "^wirebench: no display [^\n]*`xvfb-run -a [^ ]*wirebench --demo`[^\n]*\n$")
else()
    expect_run(ARGS --demo EXIT 1 ERR "^wirebench: this build has no window \\(WIREBENCH_BUILD_UI=OFF\\)")
endif()
expect_run(ARGS --no-such-flag --help EXIT 2 ERR "Unknown option 'no-such-flag'")
