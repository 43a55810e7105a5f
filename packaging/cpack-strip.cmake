# Run by CPack (CPACK_PRE_BUILD_SCRIPTS) on the staged files before the packages are made: the
# programs are stripped as Debian's dh_strip does, the .comment and .note sections too (lintian:
# binary-has-unneeded-section).
file(GLOB_RECURSE programs LIST_DIRECTORIES false "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/usr/bin/*")
foreach(program IN LISTS programs)
    execute_process(COMMAND ${CPACK_LOCKBOX_STRIP} --remove-section=.comment --remove-section=.note
                            --strip-unneeded ${program}
                    RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "cannot strip ${program}")
    endif()
    message(STATUS "stripped ${program}")
endforeach()
