#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

class QWidget;

namespace lockbox::gui {

// A request's support case link as the details pane and the decision dialog open it. The link is
// server text: on an Azure portal host (core/AzurePortal) it opens at once; on any other host the
// user is first asked, with the host named as it goes on the wire, Cancel the default.
class SupportCaseLink final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::gui::SupportCaseLink)

public:
    SupportCaseLink() = delete;

    // The Open button's tooltip: the link, and the host when it is not the portal's.
    static QString toolTip(const QUrl &url);
    // Opens `url` (https only; anything else is ignored), asking first when it leaves the portal.
    // The question (object name "supportCaseConfirm", its Open button "supportCaseConfirmOpen") is
    // a child of `parent` and does not block.
    static void open(QWidget *parent, const QUrl &url);
};

} // namespace lockbox::gui
