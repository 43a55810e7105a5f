// lockbox-console: the composition root is app::runConsole (consoleapp.cpp).

#include "consoleapp.h"

#include "core/allocator.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    lockbox::core::tuneAllocator();
    QApplication app(argc, argv);
    return lockbox::app::runConsole(app);
}
