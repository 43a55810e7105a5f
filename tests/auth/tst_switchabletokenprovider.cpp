// SwitchableTokenProvider: callers wait while a sign-in is being restored, hear why at once when
// there is none, and are answered exactly once even when the source changes while they wait (the
// new source is asked again; a late answer of the old one is dropped).

#include "auth/switchabletokenprovider.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::SwitchableTokenProvider;
using lockbox::TokenProvider;

namespace {

// Answers only when told to: lets a test hold a call "in flight".
class HeldProvider final : public TokenProvider
{
public:
    explicit HeldProvider(QByteArray token, QString who = u"someone"_s)
        : m_token(std::move(token))
        , m_who(std::move(who))
    {
    }

    void token(bool forceRefresh, QObject *, Callback callback) override
    {
        ++asked;
        forcedAsks += forceRefresh ? 1 : 0;
        held.append(std::move(callback));
    }
    QString identity() const override { return m_who; }

    void releaseAll()
    {
        const auto callbacks = std::exchange(held, {});
        for (const Callback &c : callbacks)
            c(m_token, QString());
    }

    QList<Callback> held;
    int asked = 0;
    int forcedAsks = 0;

private:
    QByteArray m_token;
    QString m_who;
};

struct Answers
{
    QList<QByteArray> tokens;
    QStringList errors;
    int count() const { return int(tokens.size()); }
};

void ask(TokenProvider &provider, QObject *context, Answers &answers, bool force = false)
{
    provider.token(force, context, [&answers](const QByteArray &token, const QString &error) {
        answers.tokens.append(token);
        answers.errors.append(error);
    });
}

} // namespace

class TestSwitchableTokenProvider final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void waitingCallersAreAnsweredByTheNewSource();
    void unavailableAnswersAtOnceWithTheReason();
    void waitingCallersHearWhyWhenThereIsNoSource();
    void aCallInFlightIsAskedAgainOfTheNextSource();
    void aLateAnswerOfTheOldSourceIsDropped();
    void callersWhoseContextWentHearNothing();
    void identityFollowsTheSource();
};

void TestSwitchableTokenProvider::waitingCallersAreAnsweredByTheNewSource()
{
    SwitchableTokenProvider switchable;
    QObject context;
    Answers answers;
    ask(switchable, &context, answers);
    ask(switchable, &context, answers, true);
    QTest::qWait(50);
    QCOMPARE(answers.count(), 0); // waiting, not failing

    auto source = std::make_unique<HeldProvider>("tok-1");
    HeldProvider *raw = source.get();
    QSignalSpy changed(&switchable, &SwitchableTokenProvider::sourceChanged);
    switchable.setProvider(std::move(source));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(raw->asked, 2);
    QCOMPARE(raw->forcedAsks, 1); // the 401 retry stays a forced one
    raw->releaseAll();
    QTRY_COMPARE(answers.count(), 2);
    QCOMPARE(answers.tokens, (QList<QByteArray> {"tok-1", "tok-1"}));
    QCOMPARE(answers.errors, (QStringList {QString(), QString()}));
}

void TestSwitchableTokenProvider::unavailableAnswersAtOnceWithTheReason()
{
    SwitchableTokenProvider switchable;
    switchable.setUnavailable(u"Not signed in: sign in from the Account menu."_s);
    QCOMPARE(switchable.state(), SwitchableTokenProvider::State::Unavailable);
    QObject context;
    Answers answers;
    ask(switchable, &context, answers);
    QTRY_COMPARE(answers.count(), 1);
    QVERIFY(answers.tokens.first().isEmpty());
    QCOMPARE(answers.errors.first(), u"Not signed in: sign in from the Account menu."_s);
    QCOMPARE(switchable.identity(), QString());
}

void TestSwitchableTokenProvider::waitingCallersHearWhyWhenThereIsNoSource()
{
    SwitchableTokenProvider switchable;
    QObject context;
    Answers answers;
    ask(switchable, &context, answers);
    switchable.setUnavailable(u"the sign-in of avery is no longer in the keychain"_s);
    QTRY_COMPARE(answers.count(), 1);
    QCOMPARE(answers.errors.first(), u"the sign-in of avery is no longer in the keychain"_s);
    QTest::qWait(50);
    QCOMPARE(answers.count(), 1); // exactly once
}

void TestSwitchableTokenProvider::aCallInFlightIsAskedAgainOfTheNextSource()
{
    SwitchableTokenProvider switchable;
    auto first = std::make_unique<HeldProvider>("old");
    HeldProvider *old = first.get();
    switchable.setProvider(std::move(first));
    QObject context;
    Answers answers;
    ask(switchable, &context, answers);
    QCOMPARE(old->asked, 1);

    auto second = std::make_unique<HeldProvider>("new");
    HeldProvider *fresh = second.get();
    switchable.setProvider(std::move(second));
    QCOMPARE(fresh->asked, 1);
    fresh->releaseAll();
    QTRY_COMPARE(answers.count(), 1);
    QCOMPARE(answers.tokens.first(), QByteArray("new"));
}

void TestSwitchableTokenProvider::aLateAnswerOfTheOldSourceIsDropped()
{
    SwitchableTokenProvider switchable;
    auto first = std::make_unique<HeldProvider>("old");
    QPointer<HeldProvider> old = first.get();
    switchable.setProvider(std::move(first));
    QObject context;
    Answers answers;
    ask(switchable, &context, answers);

    // Signed out while the old source was still renewing.
    switchable.setUnavailable(u"Signed out."_s);
    QVERIFY(old);      // deleted from the event loop, not under its own feet
    old->releaseAll(); // answers late
    QTRY_COMPARE(answers.count(), 1);
    QTest::qWait(50);
    QCOMPARE(answers.count(), 1);
    QVERIFY(answers.tokens.first().isEmpty());
    QCOMPARE(answers.errors.first(), u"Signed out."_s);
    QTRY_VERIFY(!old); // the old source is gone
}

void TestSwitchableTokenProvider::callersWhoseContextWentHearNothing()
{
    SwitchableTokenProvider switchable;
    Answers answers;
    {
        QObject context;
        ask(switchable, &context, answers);
    }
    auto source = std::make_unique<HeldProvider>("tok");
    HeldProvider *raw = source.get();
    switchable.setProvider(std::move(source));
    raw->releaseAll();
    QTest::qWait(50);
    QCOMPARE(answers.count(), 0);
}

void TestSwitchableTokenProvider::identityFollowsTheSource()
{
    SwitchableTokenProvider switchable;
    QCOMPARE(switchable.identity(), QString());
    switchable.setProvider(std::make_unique<HeldProvider>("a", u"avery@contoso.example"_s));
    QCOMPARE(switchable.identity(), u"avery@contoso.example"_s);
    switchable.setWaiting();
    QCOMPARE(switchable.state(), SwitchableTokenProvider::State::Waiting);
    QCOMPARE(switchable.identity(), QString());
    switchable.setProvider(std::make_unique<HeldProvider>("b", u"blake@contoso.example"_s));
    QCOMPARE(switchable.identity(), u"blake@contoso.example"_s);
}

QTEST_GUILESS_MAIN(TestSwitchableTokenProvider)
#include "tst_switchabletokenprovider.moc"
