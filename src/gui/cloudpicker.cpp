#include "cloudpicker.h"

#include "plaintextlabel.h"
#include "requestpresentation.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

QUrl parsedUrl(const QString &text)
{
    return QUrl(text.trimmed(), QUrl::StrictMode);
}

} // namespace

CloudPicker::CloudPicker(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_presetInfo(new PlainTextLabel(this))
    , m_customBox(new QWidget(this))
    , m_authority(new QLineEdit(m_customBox))
    , m_armEndpoint(new QLineEdit(m_customBox))
    , m_problem(new PlainTextLabel(this))
{
    m_kind->setObjectName(u"cloudKind"_s);
    m_kind->setAccessibleName(tr("Cloud"));
    m_kind->addItem(tr("Azure (public)"), int(Cloud::Kind::Public));
    m_kind->addItem(tr("Azure US Government"), int(Cloud::Kind::USGov));
    m_kind->addItem(tr("Azure China (21Vianet)"), int(Cloud::Kind::China));
    m_kind->addItem(tr("Custom endpoints"), int(Cloud::Kind::Custom));

    m_presetInfo->setObjectName(u"presetInfo"_s);
    m_presetInfo->setAccessibleName(tr("Cloud endpoints"));
    QFont small = m_presetInfo->font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(small.pointSizeF() * 0.9);
    m_presetInfo->setFont(small);

    m_authority->setObjectName(u"authorityEdit"_s);
    m_authority->setAccessibleName(tr("Sign-in authority"));
    m_authority->setPlaceholderText(tr("e.g. https://login.microsoftonline.com"));
    m_armEndpoint->setObjectName(u"armEndpointEdit"_s);
    m_armEndpoint->setAccessibleName(tr("Resource Manager"));
    m_armEndpoint->setPlaceholderText(tr("e.g. https://management.azure.com"));

    auto *customForm = new QFormLayout(m_customBox);
    customForm->setContentsMargins(0, 0, 0, 0);
    customForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *authorityCaption = new QLabel(tr("Sign-in a&uthority:"), m_customBox);
    authorityCaption->setBuddy(m_authority);
    auto *armCaption = new QLabel(tr("Resource &Manager:"), m_customBox);
    armCaption->setBuddy(m_armEndpoint);
    customForm->addRow(authorityCaption, m_authority);
    customForm->addRow(armCaption, m_armEndpoint);

    m_problem->setObjectName(u"cloudProblem"_s);
    m_problem->setAccessibleName(tr("Endpoint problem"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_kind);
    layout->addWidget(m_presetInfo);
    layout->addWidget(m_customBox);
    layout->addWidget(m_problem);

    // A caption's buddy shortcut focuses only a widget that takes focus; Tab passes over a
    // widget with a proxy, so the picker itself is never a stop of its own.
    setFocusPolicy(Qt::StrongFocus);
    setFocusProxy(m_kind);
    setTabOrder(m_kind, m_authority);
    setTabOrder(m_authority, m_armEndpoint);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        refresh();
        Q_EMIT changed();
    });
    const auto edited = [this] {
        refresh();
        Q_EMIT changed();
    };
    connect(m_authority, &QLineEdit::textChanged, this, edited);
    connect(m_armEndpoint, &QLineEdit::textChanged, this, edited);
    refresh();
}

Cloud::Kind CloudPicker::currentKind() const
{
    return Cloud::Kind(m_kind->currentData().toInt());
}

Cloud CloudPicker::cloud() const
{
    const Cloud::Kind kind = currentKind();
    if (kind != Cloud::Kind::Custom)
        return Cloud::preset(kind);
    return Cloud::custom(parsedUrl(m_authority->text()), parsedUrl(m_armEndpoint->text()), Cloud::Kind::Public);
}

void CloudPicker::setCloud(const Cloud &cloud)
{
    {
        // One update and one changed() for the whole change, not one per control.
        const QSignalBlocker blockKind(m_kind);
        const QSignalBlocker blockAuthority(m_authority);
        const QSignalBlocker blockArm(m_armEndpoint);
        m_kind->setCurrentIndex(m_kind->findData(int(cloud.kind())));
        if (cloud.kind() == Cloud::Kind::Custom) {
            m_authority->setText(cloud.authority().toString());
            m_armEndpoint->setText(cloud.armEndpoint().toString());
        } else {
            m_authority->clear();
            m_armEndpoint->clear();
        }
    }
    refresh();
    Q_EMIT changed();
}

QString CloudPicker::urlProblem(Field field, const QString &text)
{
    const bool authority = field == Field::Authority;
    if (text.trimmed().isEmpty())
        return authority ? tr("Enter the sign-in authority.") : tr("Enter the Resource Manager URL.");
    const QUrl url = parsedUrl(text);
    const QString shown = RequestPresentation::singleLine(text.trimmed(), 120);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        return authority ? tr("The sign-in authority “%1” is not a URL.").arg(shown)
                         : tr("The Resource Manager URL “%1” is not a URL.").arg(shown);
    }
    if (!url.userInfo().isEmpty()) {
        return authority ? tr("The sign-in authority must not contain a user name or password.")
                         : tr("The Resource Manager URL must not contain a user name or password.");
    }
    if (!Cloud::isSecureUrl(url)) {
        return tr("Sign-in only goes over HTTPS (or to a simulator on this machine): %1 is neither.")
            .arg(RequestPresentation::singleLine(Cloud::originOf(url), 120));
    }
    return {};
}

bool CloudPicker::isValid(QString *problem) const
{
    QString why;
    if (currentKind() == Cloud::Kind::Custom) {
        why = urlProblem(Field::Authority, m_authority->text());
        if (why.isEmpty())
            why = urlProblem(Field::ArmEndpoint, m_armEndpoint->text());
    }
    if (problem)
        *problem = why;
    return why.isEmpty();
}

void CloudPicker::refresh()
{
    const bool custom = currentKind() == Cloud::Kind::Custom;
    m_customBox->setVisible(custom);
    m_presetInfo->setVisible(!custom);
    if (!custom) {
        const Cloud preset = Cloud::preset(currentKind());
        m_presetInfo->setPlainText(tr("Sign-in: %1\nResource Manager: %2")
                                       .arg(preset.authority().toString(), preset.armEndpoint().toString()));
    }
    QString problem;
    isValid(&problem);
    m_problem->setPlainText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

} // namespace lockbox::gui
