"""The government respondent's form: a reply to the result overall and one per indicator."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.services import OVERALL
from indicators.services.replies import REPLY_MAX_LENGTH


def _reply_field(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=REPLY_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    """Field ``overall`` and one field per indicator code; an empty field is no reply."""

    def __init__(self, *args, indicators, reply=None, **kwargs):
        """``indicators``: Indicator rows, or a plan review's QualityCriterion rows (then a
        field per criterion code, decision 112)."""
        super().__init__(*args, **kwargs)
        self.fields[OVERALL] = _reply_field(
            _("The government's reply to the result overall"),
            _("Optional. Published beside the overall score, as the government's view."),
        )
        for indicator in indicators:
            title = getattr(indicator, "localized_short_title", None) or indicator.title
            field = _reply_field(
                _("The government's reply on %(code)s %(title)s")
                % {"code": indicator.code, "title": title}
            )
            field.summary_label = indicator.code
            self.fields[indicator.code] = field
        if reply is not None:
            self.initial = {
                **({OVERALL: reply.overall.text} if reply.overall else {}),
                **{code: r.text for code, r in reply.indicators.items()},
            }

    def replies(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.fields}
