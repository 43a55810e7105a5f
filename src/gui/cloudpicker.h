#pragma once

#include "auth/cloud.h"

#include <QString>
#include <QWidget>

class QComboBox;
class QLineEdit;

namespace lockbox::gui {

class PlainTextLabel;

// Where to sign in: one of Azure's clouds, or custom endpoints (lockbox-sim, a proxy). A preset
// shows its sign-in authority and Resource Manager URL; Custom asks for both. The widget's focus
// goes to its combo box, so a caption can name the picker as its buddy.
class CloudPicker final : public QWidget
{
    Q_OBJECT

public:
    explicit CloudPicker(QWidget *parent = nullptr);

    // The cloud as chosen now. A custom cloud's tokens are for Azure Public's Resource Manager.
    Cloud cloud() const;
    void setCloud(const Cloud &cloud);

    // False, with the reason in `problem` (may be null), when the custom URLs are missing, not
    // URLs, or would send a secret in the clear. Presets are always valid.
    bool isValid(QString *problem = nullptr) const;

Q_SIGNALS:
    // The choice or a custom URL changed.
    void changed();

private:
    enum class Field { Authority, ArmEndpoint };

    Cloud::Kind currentKind() const;
    // Why `text` cannot serve as `field`, or an empty string when it can.
    static QString urlProblem(Field field, const QString &text);
    // Shows the controls and texts that go with the current choice.
    void refresh();

    QComboBox *m_kind = nullptr;
    PlainTextLabel *m_presetInfo = nullptr;
    QWidget *m_customBox = nullptr;
    QLineEdit *m_authority = nullptr;
    QLineEdit *m_armEndpoint = nullptr;
    PlainTextLabel *m_problem = nullptr;
};

} // namespace lockbox::gui
