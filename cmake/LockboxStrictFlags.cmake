# One interface target carries the project's compile rules; every target of ours links it.
add_library(lockbox_strict INTERFACE)
add_library(Lockbox::Strict ALIAS lockbox_strict)

target_compile_definitions(lockbox_strict INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(lockbox_strict INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                    -Wcast-align -Woverloaded-virtual)
    if(LOCKBOX_WERROR)
        target_compile_options(lockbox_strict INTERFACE -Werror)
    endif()
endif()
