# Runs PROGRAM with the one argument ARG and checks its exit code is EXPECT and, if OUTPUT_HAS is
# given, that its standard output matches that regular expression. Used by tests/CMakeLists.txt
# to check the skip machinery (tests/test_skip.hpp):
#   cmake -DPROGRAM=… -DARG=… -DEXPECT=77 [-DOUTPUT_HAS=…] -P expect_exit.cmake
execute_process(COMMAND "${PROGRAM}" "${ARG}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status STREQUAL "${EXPECT}")
  message(FATAL_ERROR "exit code ${status}, expected ${EXPECT}")
endif()
if(DEFINED OUTPUT_HAS AND NOT out MATCHES "${OUTPUT_HAS}")
  message(FATAL_ERROR "the output does not match '${OUTPUT_HAS}'")
endif()
