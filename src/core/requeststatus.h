#pragma once

#include <QMetaType>
#include <QString>

namespace lockbox {

// The status of a Lockbox request. Azure documents 13 values; any other string a server sends is
// kept exactly as it came (Kind::Other) so it can be shown and stored, never dropped.
class RequestStatus final
{
public:
    enum class Kind {
        Initializing,
        Pending,
        Approving,
        Denying,
        Approved,
        Denied,
        Expired,
        Revoking,
        Revoked,
        Error,
        Unknown,
        Completed,
        Completing,
        Other,
    };

    RequestStatus() = default;
    explicit RequestStatus(Kind kind);

    // Known names match case-insensitively; anything else becomes Other with the text kept.
    static RequestStatus fromString(const QString &text);
    static QString name(Kind kind);
    static constexpr int knownCount = int(Kind::Other);

    Kind kind() const { return m_kind; }
    QString toString() const;
    bool isKnown() const { return m_kind != Kind::Other; }

    // Only Pending can be approved or denied.
    bool isDecidable() const { return m_kind == Kind::Pending; }
    // A decision was accepted and the service is still applying it.
    bool isTransitional() const;
    // No further change is expected from the service.
    bool isFinal() const;

    friend bool operator==(const RequestStatus &a, const RequestStatus &b)
    {
        return a.m_kind == b.m_kind && (a.m_kind != Kind::Other || a.m_other == b.m_other);
    }
    friend bool operator!=(const RequestStatus &a, const RequestStatus &b) { return !(a == b); }

private:
    Kind m_kind = Kind::Unknown;
    QString m_other;
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::RequestStatus)
