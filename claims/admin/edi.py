"""X12 files in the admin: upload, the result page of each file (with its import job's
progress, the per-claim report and pyx12's check of an 837 with its 999), and the quarantine.

These are views of the claims admin (`/admin/claims/claim/edi/…`) rather than model admins
of their own: files and jobs are only ever written by the import services, never edited.
Access follows the claims admin: a user sees the files of the clinics whose claims they
may see, and uploads where they may add claims."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from unfold.widgets import UnfoldAdminFileFieldWidget, UnfoldAdminSelectWidget, UnfoldBooleanWidget

from claims.models import EdiFile, Job
from claims.services import MAX_EDI_BYTES, edi_file_dismiss, edi_file_submit
from clinics.admin_base import actor_for
from clinics.admin_forms import explain_constraints
from clinics.admin_roles import ADD, CHANGE, VIEW
from clinics.audit import audit_record
from clinics.models import AuditEvent, Clinic

explain_constraints(
    {
        "edi_file_once_per_clinic": ("sha256", "This file was already uploaded for this clinic."),
    }
)


class UploadForm(forms.Form):
    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), widget=UnfoldAdminSelectWidget)
    file = forms.FileField(widget=UnfoldAdminFileFieldWidget, help_text="An 837 or 835 file.")
    lenient = forms.BooleanField(
        required=False,
        widget=UnfoldBooleanWidget,
        label="Accept trailer count and control-number mismatches as warnings",
    )

    def __init__(self, *args: Any, clinics: QuerySet[Clinic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = clinics  # type: ignore[attr-defined]
        if clinics.count() == 1:
            self.fields["clinic"].initial = clinics.first()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_EDI_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_EDI_BYTES // (1024 * 1024)} MB.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload


def validation_context(request: HttpRequest | None, edi_file: EdiFile, *, with_form: bool) -> dict[str, Any]:
    """What `admin/claims/edi/validation.html` needs. The "Validate" button posts the EDI file
    admin's action for this one file, so it goes through the same confirmation."""
    validate_model_admin: Any = admin.site.get_model_admin(EdiFile) if admin.site.is_registered(EdiFile) else None
    can_validate = (
        with_form
        and request is not None
        and edi_file.kind == EdiFile.Kind.CLAIMS
        and validate_model_admin is not None
        and validate_model_admin.may_validate(request, edi_file)
    )
    return {
        "edi_file": edi_file,
        "ack_url": reverse("admin:claims_edi_ack", args=[edi_file.pk]),
        "can_validate": can_validate,
        "validate_url": reverse("admin:claims_edifile_changelist") if can_validate else "",
        # On the file's record the field's label is the title.
        "with_title": with_form,
    }


def _file_list_url(request: HttpRequest, query: str) -> str:
    """The EDI file records' change list (where the pyx12 action is), if this user may see it."""
    if not admin.site.is_registered(EdiFile):
        return ""
    if not admin.site.get_model_admin(EdiFile).has_view_permission(request):
        return ""
    return reverse("admin:claims_edifile_changelist") + query


class EdiAdminViews:
    """Mixed into the claims admin (a `TenantModelAdmin`): the EDI pages and their URLs."""

    admin_site: Any
    model: Any

    def edi_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("edi/", wrap(self.edi_list_view), name="claims_edi_files"),
            path("edi/upload/", wrap(self.edi_upload_view), name="claims_edi_upload"),
            path("edi/<uuid:file_id>/", wrap(self.edi_detail_view), name="claims_edi_file"),
            path("edi/<uuid:file_id>/dismiss/", wrap(self.edi_dismiss_view), name="claims_edi_dismiss"),
            path("edi/<uuid:file_id>/acknowledgement/", wrap(self.edi_ack_view), name="claims_edi_ack"),
        ]

    def _files(self, request: HttpRequest) -> QuerySet[EdiFile]:
        ids = self.clinic_ids_for(request, VIEW, CHANGE)  # type: ignore[attr-defined]
        files = EdiFile.objects.select_related("clinic", "uploaded_by")
        return files if ids is None else files.filter(clinic_id__in=ids)

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **extra}

    def edi_list_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        files = self._files(request).order_by("-created_at")
        status = request.GET.get("status", "")
        if status in EdiFile.Status.values:
            files = files.filter(status=status)
        jobs = {j.edi_file_id: j for j in Job.objects.filter(edi_file__in=files[:100]).order_by("created_at")}
        rows = [(f, jobs.get(f.pk)) for f in files[:100]]
        return TemplateResponse(
            request,
            "admin/claims/edi/list.html",
            self._context(
                request,
                "EDI files",
                rows=rows,
                statuses=EdiFile.Status.choices,
                status=status,
                can_upload=self.has_add_permission(request),  # type: ignore[attr-defined]
                validate_url=_file_list_url(request, "?kind__exact=837"),
            ),
        )

    def edi_upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        ids = self.clinic_ids_for(request, ADD)  # type: ignore[attr-defined]
        clinics = Clinic.objects.all() if ids is None else Clinic.objects.filter(pk__in=ids)
        form = UploadForm(request.POST or None, request.FILES or None, clinics=clinics)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            submission = edi_file_submit(
                clinic=form.cleaned_data["clinic"],
                name=upload.name,
                content=upload.read(),
                source=EdiFile.Source.ADMIN,
                actor=actor_for(request),
                lenient=form.cleaned_data["lenient"],
            )
            if submission.duplicate:
                messages.warning(request, submission.job.message)
            return HttpResponseRedirect(reverse("admin:claims_edi_file", args=[submission.edi_file.pk]))
        return TemplateResponse(
            request, "admin/claims/edifile/upload.html", self._context(request, "Upload an X12 file", form=form)
        )

    def edi_detail_view(self, request: HttpRequest, file_id: Any) -> HttpResponse:
        edi_file = get_object_or_404(self._files(request), pk=file_id)
        job = edi_file.jobs.order_by("-created_at").first()  # type: ignore[attr-defined]
        report = edi_file.report or {}
        return TemplateResponse(
            request,
            "admin/claims/edi/detail.html",
            self._context(
                request,
                f"EDI file {edi_file.name}",
                job=job,
                transactions=report.get("transactions", [])[:200],
                units=report.get("units", [])[:1000],
                unit_count=len(report.get("units", [])),
                remittances=report.get("remittances", []),
                reconciliation=report.get("reconciliation", []),
                claims_url=reverse("admin:claims_claim_changelist"),
                can_dismiss=edi_file.status == EdiFile.Status.QUARANTINED and self.has_change_permission(request, None),  # type: ignore[attr-defined]
                **validation_context(request, edi_file, with_form=True),
            ),
        )

    def edi_ack_view(self, request: HttpRequest, file_id: Any) -> HttpResponse:
        """The 999 (or 997) pyx12 wrote for the file, as a download. It quotes values from
        the file, so it is read under the same rule as the file, and the read is audited."""
        edi_file = get_object_or_404(self._files(request), pk=file_id)
        if not edi_file.acknowledgement:
            raise Http404("pyx12 has written no acknowledgement for this file.")
        audit_record(
            actor=actor_for(request),
            action=AuditEvent.Action.EXPORT,
            clinic=edi_file.clinic,
            resource=edi_file,
            details={"export": "acknowledgement", "kind": edi_file.acknowledgement_kind},
        )
        response = HttpResponse(edi_file.acknowledgement, content_type="text/plain; charset=utf-8")
        stem = edi_file.name.rsplit(".", 1)[0] or "file"
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{stem}.{edi_file.acknowledgement_kind or '999'}"
        )
        return response

    def edi_dismiss_view(self, request: HttpRequest, file_id: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:claims_edi_file", args=[file_id]))
        edi_file = get_object_or_404(self._files(request), pk=file_id, status=EdiFile.Status.QUARANTINED)
        if not self.allows(request, CHANGE, edi_file):  # type: ignore[attr-defined]
            raise PermissionDenied
        edi_file_dismiss(clinic=edi_file.clinic, edi_file=edi_file, actor=actor_for(request))
        messages.success(request, f"Dismissed {edi_file.name}: nothing of it was posted.")
        return HttpResponseRedirect(reverse("admin:claims_edi_file", args=[file_id]))
