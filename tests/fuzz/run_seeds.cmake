# SPDX-License-Identifier: GPL-3.0-or-later
execute_process(COMMAND ${SEEDS} ${CORPUS} RESULT_VARIABLE code)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "make_fuzz_seeds failed")
endif()
execute_process(COMMAND ${FUZZER} -runs=0 ${CORPUS}/${TARGET} RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "fuzz_${TARGET} failed on its seeds:\n${err}")
endif()
