"""A small dialog to rate one person on Hiatt's ADKAR model (five scores, each optional)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from changeplanner import domain
from changeplanner.i18n import _


class AdkarDialog(QDialog):
    """Five spin boxes (0 = not rated, 1-5) for one person's ADKAR rating.

    Args:
        person_name: Shown in the title.
        adkar: The current rating (``None`` when the person has none).
        parent: The parent widget.

    Attributes:
        spins: Element key -> its spin box.
    """

    def __init__(self, person_id: str, person_name: str, adkar: domain.Adkar | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adkar_dialog")
        self.person_id = person_id
        self.setWindowTitle(_("ADKAR rating of {name}").format(name=person_name))
        hint = QLabel(_("Rate each element from 1 (a big gap) to 5 (no gap); the barrier point "
                        "is the first element rated 3 or lower. Leave an element at “not "
                        "rated” when nobody knows."), self)
        hint.setWordWrap(True)
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for key in domain.ADKAR_ELEMENTS:
            spin = QSpinBox(self)
            spin.setObjectName(f"adkar_{key}")
            spin.setRange(0, domain.ADKAR_MAX)
            spin.setSpecialValueText(_("not rated"))
            score = getattr(adkar, key) if adkar is not None else None
            spin.setValue(score or 0)
            form.addRow(_(domain.ADKAR_LABELS[key]), spin)
            self.spins[key] = spin
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def adkar(self) -> domain.Adkar:
        """The rating as entered (0 becomes ``None``, not rated)."""
        return domain.Adkar(self.person_id, **{key: spin.value() or None
                                               for key, spin in self.spins.items()})
