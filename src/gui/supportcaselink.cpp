#include "supportcaselink.h"

#include "core/azureportal.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

QString SupportCaseLink::toolTip(const QUrl &url)
{
    QString shown = url.toDisplayString();
    if (AzurePortal::isPortalUrl(url))
        return shown;
    return tr("%1 (not an Azure portal address: %2; you are asked before it opens)")
        .arg(shown, AzurePortal::displayHost(url));
}

void SupportCaseLink::open(QWidget *parent, const QUrl &url)
{
    // Checked again at the click: only an https URL ever reaches the desktop.
    if (!url.isValid() || url.scheme() != u"https"_s || url.host().isEmpty())
        return;
    if (AzurePortal::isPortalUrl(url)) {
        QDesktopServices::openUrl(url);
        return;
    }
    // Server text chose this host: it may imitate a Microsoft page. The user reads the host, as it
    // goes on the wire, and decides; Cancel is the default, and Enter alone does not open it.
    const QString host = AzurePortal::displayHost(url);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Open a link outside the Azure portal?"),
                                tr("This support case link does not go to the Azure portal. It goes to:\n\n"
                                   "%1\n\nOpen it only if you trust that site: a page there may imitate a "
                                   "Microsoft sign-in.")
                                    .arg(host),
                                QMessageBox::NoButton, parent);
    box->setObjectName(u"supportCaseConfirm"_s);
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *openButton = box->addButton(tr("Open"), QMessageBox::AcceptRole);
    openButton->setObjectName(u"supportCaseConfirmOpen"_s);
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    QObject::connect(box, &QMessageBox::finished, box, [box, openButton, url] {
        if (box->clickedButton() == openButton)
            QDesktopServices::openUrl(url);
    });
    box->open();
}

} // namespace lockbox::gui
