// The fuzz targets as regression tests of the ordinary build (ctest fuzz_<target>_corpus): each
// target's LLVMFuzzerTestOneInput over every file of its seed corpus (tests/fuzz/corpus/<target>,
// the inputs earlier fuzzing found included), without libFuzzer or clang. A broken invariant
// aborts (fuzzcheck.h), a crash is a crash: either fails the test.
//   fuzz_<target>_regression FILE_OR_FOLDER...

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

int main(int argc, char *argv[])
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        const QFileInfo info(QString::fromLocal8Bit(argv[i]));
        if (info.isDir()) {
            const QFileInfoList entries = QDir(info.filePath()).entryInfoList(QDir::Files, QDir::Name);
            for (const QFileInfo &entry : entries)
                files << entry.filePath();
        } else {
            files << info.filePath();
        }
    }
    if (files.isEmpty()) {
        std::fputs("fuzz regression: no input files\n", stderr);
        return 1;
    }
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "fuzz regression: cannot read %s\n", qPrintable(path));
            return 1;
        }
        const QByteArray bytes = file.readAll();
        // libFuzzer never passes a null pointer; an empty input is an empty buffer.
        static const uint8_t empty = 0;
        LLVMFuzzerTestOneInput(bytes.isEmpty() ? &empty : reinterpret_cast<const uint8_t *>(bytes.constData()),
                               size_t(bytes.size()));
    }
    std::printf("fuzz regression: %lld inputs, no crash, no broken invariant\n", static_cast<long long>(files.size()));
    return 0;
}
