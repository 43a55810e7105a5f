// engine::Profile on real folders and a real SQLite file: the folder is made owner-only (0700),
// nested or already there, and a folder that cannot be made is named in the error; the sign-in
// settings file is kept owner-only (0600); the stores open over one database that a second
// profile on the folder reads too; a file that is not SQLite opens nothing; and closing the
// stores writes the sync state's poll times that were only held in memory.

#include "engine/profile.h"
#include "store/auditlog.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using lockbox::engine::Profile;

namespace {

// The permission bits of `path`, or -1 when it cannot be read.
int modeOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

QByteArray octal(int mode)
{
    return QByteArray::number(mode, 8);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

const QDateTime kPolled = QDateTime(QDate(2025, 3, 1), QTime(11, 45), Qt::UTC);

} // namespace

class TestProfile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createMakesANestedOwnerOnlyFolder();
    void createTightensAnExistingFolder();
    void createNamesTheFolderItCannotMake();
    void accountSettingsAreOwnerOnly();
    void accountSettingsFileCanBeNamed();
    void storesOpenOverOneSharedDatabase();
    void notADatabaseOpensNothing();
    void closeStoresWritesPollTimesHeldInMemory();
    void destructionClosesTheStoresToo();

private:
    std::unique_ptr<QTemporaryDir> m_root;
    lockbox::test::ManualClock m_clock;
};

void TestProfile::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
}

void TestProfile::cleanup()
{
    m_root.reset();
}

void TestProfile::createMakesANestedOwnerOnlyFolder()
{
    const QString dir = m_root->filePath(u"a/b/profile"_s);
    Profile profile;
    QString error;
    QVERIFY2(profile.create(dir, &error), qPrintable(error));
    QVERIFY(QFileInfo(dir).isDir());
    QCOMPARE(profile.dir(), dir);
    QCOMPARE(octal(modeOf(dir)), octal(0700));
    QCOMPARE(profile.filePath(u"lockbox.sqlite"_s), QDir(dir).filePath(u"lockbox.sqlite"_s));
}

void TestProfile::createTightensAnExistingFolder()
{
    const QString dir = m_root->filePath(u"shared"_s);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(QFile::setPermissions(dir,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                      | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QCOMPARE(octal(modeOf(dir)), octal(0755));
    Profile profile;
    QString error;
    QVERIFY2(profile.create(dir, &error), qPrintable(error));
    QCOMPARE(octal(modeOf(dir)), octal(0700));
}

void TestProfile::createNamesTheFolderItCannotMake()
{
    const QString file = m_root->filePath(u"plain-file"_s);
    QVERIFY(writeFile(file, "not a folder\n"));
    const QString dir = file + u"/profile"_s;
    Profile profile;
    QString error;
    QVERIFY(!profile.create(dir, &error));
    QVERIFY2(error.contains(dir), qPrintable(error));
    QVERIFY(!QFileInfo(dir).exists());
    QVERIFY(!profile.create(dir, nullptr)); // no error wanted: still refused, and no crash
}

void TestProfile::accountSettingsAreOwnerOnly()
{
    Profile profile;
    QVERIFY(profile.create(m_root->path(), nullptr));
    const QString path = profile.filePath(QString::fromLatin1(Profile::kAccountFile));
    // Written by an older version, or by hand, readable by all.
    QVERIFY(writeFile(path, "[account]\nkind=device-code\ntenant=contoso.example\n"));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(octal(modeOf(path)), octal(0644));

    QSettings *settings = profile.accountSettings();
    QVERIFY(settings);
    QCOMPARE(settings->fileName(), path);
    QCOMPARE(octal(modeOf(path)), octal(0600));
    QCOMPARE(settings->value(u"account/tenant"_s).toString(), u"contoso.example"_s);
    QCOMPARE(profile.accountSettings(), settings); // one object, owned by the profile
}

void TestProfile::accountSettingsFileCanBeNamed()
{
    Profile profile;
    QVERIFY(profile.create(m_root->filePath(u"profile"_s), nullptr));
    const QString path = m_root->filePath(u"elsewhere.ini"_s);
    QVERIFY(writeFile(path, "[account]\nkind=browser\n"));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
    QSettings *settings = profile.accountSettings(path);
    QCOMPARE(settings->fileName(), path);
    QCOMPARE(octal(modeOf(path)), octal(0600));
    QCOMPARE(settings->value(u"account/kind"_s).toString(), u"browser"_s);
}

void TestProfile::storesOpenOverOneSharedDatabase()
{
    const QString dir = m_root->filePath(u"profile"_s);
    Profile first;
    QVERIFY(first.create(dir, nullptr));
    QString error;
    QVERIFY2(first.openStores(m_clock, {}, &error), qPrintable(error));
    QVERIFY(first.database() && first.database()->isOpen());
    QVERIFY(first.requests());
    QVERIFY(first.syncState());
    QVERIFY(first.outbox());
    QVERIFY(first.audit());
    QCOMPARE(first.database()->filePath(), QFileInfo(first.filePath(u"lockbox.sqlite"_s)).absoluteFilePath());

    // A request, a decision on it (with its audit record) and a record of our own.
    const lockbox::AccessRequest request = lockbox::test::RequestBuilder(u"req-1"_s).build();
    QVERIFY2(first.requests()->upsertOne(request, &error), qPrintable(error));
    lockbox::Decision decision;
    decision.requestId = request.requestId;
    decision.subscriptionId = request.subscriptionId;
    decision.verdict = lockbox::Verdict::Approve;
    decision.reason = u"ticket 42"_s;
    decision.decidedAt = m_clock.now();
    const lockbox::store::EnqueueResult queued = first.outbox()->enqueue(decision, u"avery@contoso.example"_s);
    QVERIFY2(queued.status == lockbox::store::EnqueueResult::Status::Queued, qPrintable(queued.error));
    lockbox::AuditRecord record;
    record.actor = u"avery@contoso.example"_s;
    record.action = u"test.note"_s;
    record.requestId = request.requestId;
    QVERIFY2(first.audit()->append(record, &error), qPrintable(error));

    // A real SQLite file.
    QFile file(first.filePath(u"lockbox.sqlite"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(16), QByteArray("SQLite format 3\0", 16));

    // Another profile on the folder (lockboxctl beside the console) sees all of it.
    Profile second;
    QVERIFY(second.create(dir, nullptr));
    QVERIFY2(second.openStores(m_clock, {}, &error), qPrintable(error));
    const std::optional<lockbox::AccessRequest> seen = second.requests()->request(u"req-1"_s, &error);
    QVERIFY2(seen, qPrintable(error));
    QCOMPARE(seen->subscriptionId, request.subscriptionId);
    const QList<lockbox::QueuedDecision> live = second.outbox()->live(&error);
    QCOMPARE(live.size(), 1);
    QCOMPARE(live.first().id, queued.decision.id);
    QCOMPARE(live.first().verdict, lockbox::Verdict::Approve);
    QCOMPARE(second.audit()->lastSequence(&error), first.audit()->lastSequence(&error));
    QCOMPARE(second.audit()->lastSequence(&error), qint64(2)); // the decision's record and ours

    first.closeStores();
    QVERIFY(!first.database());
    QVERIFY(!first.requests());
    QVERIFY(!first.syncState());
    QVERIFY(!first.outbox());
    QVERIFY(!first.audit());
    QVERIFY(second.requests()->request(u"req-1"_s)); // the other one is not disturbed
}

void TestProfile::notADatabaseOpensNothing()
{
    const QString good = m_root->filePath(u"good"_s);
    const QString bad = m_root->filePath(u"bad"_s);
    Profile profile;
    QVERIFY(profile.create(good, nullptr));
    QString error;
    QVERIFY2(profile.openStores(m_clock, {}, &error), qPrintable(error));

    QVERIFY(QDir().mkpath(bad));
    QVERIFY(writeFile(QDir(bad).filePath(u"lockbox.sqlite"_s), QByteArray("this is not a database\n").repeated(200)));
    QVERIFY(profile.create(bad, nullptr));
    error.clear();
    QVERIFY(!profile.openStores(m_clock, {}, &error));
    QVERIFY(!error.isEmpty());
    // Neither the new file's stores nor the old ones stay open.
    QVERIFY(!profile.database());
    QVERIFY(!profile.requests());
    QVERIFY(!profile.syncState());
    QVERIFY(!profile.outbox());
    QVERIFY(!profile.audit());
    profile.closeStores(); // nothing open: harmless
}

void TestProfile::closeStoresWritesPollTimesHeldInMemory()
{
    const QString dir = m_root->filePath(u"profile"_s);
    const QString subscription = lockbox::test::RequestBuilder::defaultSubscriptionId();
    Profile profile;
    QVERIFY(profile.create(dir, nullptr));
    QString error;
    QVERIFY2(profile.openStores(m_clock, {}, &error), qPrintable(error));
    lockbox::store::SubscriptionSyncState polled;
    polled.subscriptionId = subscription;
    polled.lastPendingPoll = kPolled;
    QVERIFY2(profile.syncState()->set(polled, &error), qPrintable(error));
    QCOMPARE(profile.syncState()->unwrittenPolls(), 1);

    // Not in the file yet: another profile on the folder does not see it.
    Profile other;
    QVERIFY(other.create(dir, nullptr));
    QVERIFY2(other.openStores(m_clock, {}, &error), qPrintable(error));
    QVERIFY(!other.syncState()->state(subscription)->lastPendingPoll.isValid());

    profile.closeStores();
    QCOMPARE(other.syncState()->state(subscription)->lastPendingPoll, kPolled);
    // And a profile opened afresh reads it.
    other.closeStores();
    QVERIFY2(profile.openStores(m_clock, {}, &error), qPrintable(error));
    QCOMPARE(profile.syncState()->unwrittenPolls(), 0);
    QCOMPARE(profile.syncState()->state(subscription)->lastPendingPoll, kPolled);
}

void TestProfile::destructionClosesTheStoresToo()
{
    const QString dir = m_root->filePath(u"profile"_s);
    const QString subscription = lockbox::test::RequestBuilder::defaultSubscriptionId();
    QString error;
    {
        Profile profile;
        QVERIFY(profile.create(dir, nullptr));
        QVERIFY2(profile.openStores(m_clock, {}, &error), qPrintable(error));
        lockbox::store::SubscriptionSyncState polled;
        polled.subscriptionId = subscription;
        polled.lastPendingPoll = kPolled;
        QVERIFY(profile.syncState()->set(polled, &error));
        QCOMPARE(profile.syncState()->unwrittenPolls(), 1);
    }
    Profile reopened;
    QVERIFY(reopened.create(dir, nullptr));
    QVERIFY2(reopened.openStores(m_clock, {}, &error), qPrintable(error));
    QCOMPARE(reopened.syncState()->state(subscription)->lastPendingPoll, kPolled);
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
