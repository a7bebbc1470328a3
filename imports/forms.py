"""What the import pages (the product's and the admin's) share: the upload form, the column
choices posted back from a preview, and a download response."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.http import HttpResponse
from django.utils.text import slugify

from .columns import MAPPABLE_FIELDS
from .parsed_plan import ROLES, ROW_CHOICE
from .spreadsheet_files import MAX_FILE_BYTES
from .uploads import import_upload_create

ROLE_NAMES = {name for name, _ in ROLES}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The plan's file",
        help_text="An Excel workbook (.xlsx), a Word document (.docx) or a CSV file, up to 10 MB.",
        error_messages={"required": "Choose the file to import"},
    )
    sheet = forms.CharField(
        label="Sheet (optional)",
        required=False,
        help_text="The sheet to read. Leave blank for the first with a header.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("file"),
            Field.text("sheet", field_width=Fluid.ONE_HALF),
            Submit("preview", "Preview the import"),
        )

    def upload_for(self, plan, user):
        """The valid form's file, stored to wait for its preview and confirm."""
        chosen = self.cleaned_data["file"]
        return import_upload_create(
            plan=plan,
            user=user,
            data=chosen.read(),
            filename=chosen.name,
            sheet=self.cleaned_data["sheet"],
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be 10 MB or smaller.")
        return upload


def posted_mapping(post) -> dict[str, str]:
    """Column and row choices from the preview: map-<letter> = field, role-<row> = role."""
    columns = {
        key.removeprefix("map-"): value
        for key, value in post.items()
        if key.startswith("map-") and value in MAPPABLE_FIELDS
    }
    rows = {
        ROW_CHOICE + key.removeprefix("role-"): value
        for key, value in post.items()
        if key.startswith("role-") and key.removeprefix("role-").isdigit() and value in ROLE_NAMES
    }
    return {**columns, **rows}


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    stem, _, kind = filename.rpartition(".")
    response["Content-Disposition"] = f'attachment; filename="{slugify(stem)}.{kind}"'
    return response
