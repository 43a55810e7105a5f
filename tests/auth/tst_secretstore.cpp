// SecretStore over QtKeychain, for real: under scripts/with-keyring.sh (a private D-Bus session
// with an unlocked gnome-keyring) a secret written by one store is read back by a new one and
// removed; profiles do not see each other's secrets. Without any Secret Service (a child run with
// no session bus) every operation says "No system keychain: …" and nothing is written anywhere.
// Without a Secret Service the keychain tests skip, saying why (under CI=true they fail).

#include "authtestkit.h"

#include <QDir>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::SecretStore;

namespace {

using Status = SecretStore::Result::Status;

SecretStore::Result wait(const std::function<void(SecretStore::Callback)> &operation)
{
    std::optional<SecretStore::Result> result;
    operation([&result](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return SecretStore::Result {Status::Failed, {}, u"no answer within 30 s"_s};
    return *result;
}

QByteArray randomSecret(int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=";
    QByteArray s;
    for (int i = 0; i < length; ++i)
        s.append(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return s;
}

} // namespace

class TestSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void profileKeyIsStableAndOpaque();
    void roundTripThroughANewStore();
    void profilesAreSeparate();
    void pendingCountsAndIdle();
    void withoutKeychainNothingIsWrittenAnywhere();

private:
    bool keychain() const { return m_status.ok(); }
    SecretStore::Result m_status;
    QObject m_context;
};

void TestSecretStore::initTestCase()
{
    m_status = lockbox::test::keychainStatus();
    if (!lockbox::test::isChildWithoutKeychain())
        qInfo("keychain: %s", keychain() ? "a Secret Service answers" : qPrintable(m_status.message));
}

void TestSecretStore::profileKeyIsStableAndOpaque()
{
    QTemporaryDir dir;
    const QString key = SecretStore::profileKey(dir.path());
    QCOMPARE(key.size(), 16);
    QVERIFY(QRegularExpression(u"^[0-9a-f]{16}$"_s).match(key).hasMatch());
    QCOMPARE(SecretStore::profileKey(dir.path() + u'/'), key);
    QCOMPARE(SecretStore::profileKey(dir.path() + u"/sub/.."_s), key);
    QTemporaryDir other;
    QVERIFY(SecretStore::profileKey(other.path()) != key);
    SecretStore store(key);
    QCOMPARE(store.keyFor(u"refresh-token"_s), key + u"/refresh-token"_s);
    QCOMPARE(SecretStore::serviceName(), u"lockbox-console"_s);
}

void TestSecretStore::roundTripThroughANewStore()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_status);
    QTemporaryDir profile;
    const QString key = SecretStore::profileKey(profile.path());
    const QByteArray secret = randomSecret(2048);
    {
        SecretStore writer(key);
        const auto written = wait([&](auto cb) { writer.write(u"refresh-token"_s, secret, &m_context, cb); });
        QVERIFY2(written.ok(), qPrintable(written.message));
    }
    {
        // As after a restart: a store that never saw the value.
        SecretStore reader(key);
        const auto read = wait([&](auto cb) { reader.read(u"refresh-token"_s, &m_context, cb); });
        QVERIFY2(read.ok(), qPrintable(read.message));
        QCOMPARE(read.value, secret);
        // Overwritten in place.
        const QByteArray rotated = randomSecret(64);
        QVERIFY(wait([&](auto cb) { reader.write(u"refresh-token"_s, rotated, &m_context, cb); }).ok());
        QCOMPARE(wait([&](auto cb) { reader.read(u"refresh-token"_s, &m_context, cb); }).value, rotated);
        const auto removed = wait([&](auto cb) { reader.remove(u"refresh-token"_s, &m_context, cb); });
        QVERIFY2(removed.ok(), qPrintable(removed.message));
    }
    SecretStore later(key);
    const auto gone = wait([&](auto cb) { later.read(u"refresh-token"_s, &m_context, cb); });
    QCOMPARE(gone.status, Status::NotFound);
    QVERIFY(gone.value.isEmpty());
}

void TestSecretStore::profilesAreSeparate()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_status);
    QTemporaryDir a;
    QTemporaryDir b;
    SecretStore storeA(SecretStore::profileKey(a.path()));
    SecretStore storeB(SecretStore::profileKey(b.path()));
    QVERIFY(wait([&](auto cb) { storeA.write(u"client-secret"_s, "A-secret", &m_context, cb); }).ok());
    QCOMPARE(wait([&](auto cb) { storeB.read(u"client-secret"_s, &m_context, cb); }).status, Status::NotFound);
    QCOMPARE(wait([&](auto cb) { storeA.read(u"refresh-token"_s, &m_context, cb); }).status, Status::NotFound);
    QVERIFY(wait([&](auto cb) { storeA.remove(u"client-secret"_s, &m_context, cb); }).ok());
}

void TestSecretStore::pendingCountsAndIdle()
{
    QTemporaryDir profile;
    SecretStore store(SecretStore::profileKey(profile.path()));
    QSignalSpy idle(&store, &SecretStore::idle);
    int answers = 0;
    store.read(u"a"_s, &m_context, [&answers](const SecretStore::Result &) { ++answers; });
    store.read(u"b"_s, nullptr, {}); // fire and forget
    QCOMPARE(store.pending(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(idle.size(), 1, 30000);
    QCOMPARE(store.pending(), 0);
    QCOMPARE(answers, 1);
}

void TestSecretStore::withoutKeychainNothingIsWrittenAnywhere()
{
    if (lockbox::test::isChildWithoutKeychain()) {
        // In the child: HOME and the XDG directories are empty ones of the parent's.
        const QString home = QDir::homePath();
        QTemporaryDir profile;
        SecretStore store(SecretStore::profileKey(profile.path()));
        const auto written = wait([&](auto cb) { store.write(u"refresh-token"_s, "canary-secret", &m_context, cb); });
        QCOMPARE(written.status, Status::NoKeychain);
        QVERIFY2(written.message.startsWith(u"No system keychain: you will have to sign in each time"_s),
                 qPrintable(written.message));
        QCOMPARE(wait([&](auto cb) { store.read(u"refresh-token"_s, &m_context, cb); }).status, Status::NoKeychain);
        QCOMPARE(wait([&](auto cb) { store.checkAvailable(&m_context, cb); }).status, Status::NoKeychain);
        QCOMPARE(lockbox::test::filesUnder(home), QStringList());
        return;
    }
    QTemporaryDir home;
    QByteArray output;
    const int code =
        lockbox::test::runWithoutKeychain(QString::fromLatin1(QTest::currentTestFunction()), home.path(), &output);
    QVERIFY2(code == 0, output.constData());
    QVERIFY2(output.contains("PASS   : TestSecretStore::withoutKeychainNothingIsWrittenAnywhere()"),
             output.constData());
    // No insecure fallback file (QtKeychain's would be a QSettings file under ~/.config).
    QCOMPARE(lockbox::test::filesUnder(home.path()), QStringList());
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
