"""Helpers for the data-rights tests (T06, T17, T22): rows that point at a person, the whole
database as text, and a fuller set of the person's rows than the shared personas hold."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Field, Model

from interdepend.web.accounts.models import User
from interdepend.web.frame.exportrows import has_public_id
from tests.conftest import Personas, marker


def user_foreign_keys() -> list[tuple[type[Model], Field[object, object]]]:
    """Every (model, field) whose field points at the person (foreign key or one-to-one)."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                found.append((model, field))
    return found


def _keys(model: type[Model], **where: object) -> set[object]:
    """The rows' public ids (text, as the export names them), or ("row", pk) for kinds that
    have none (the export leaves their integer keys out, so those are compared by count)."""
    found = model._default_manager.filter(**where)
    if has_public_id(model):
        return set(found.values_list("public_id", flat=True))
    return {("row", pk) for pk in found.values_list("pk", flat=True)}


def rows_pointing_at(user_pk: int) -> dict[str, set[object]]:
    """Table name → keys of every row that points at the person, their own row too."""
    user_model = get_user_model()
    rows: dict[str, set[object]] = defaultdict(set)
    rows[user_model._meta.db_table].update(_keys(user_model, pk=user_pk))
    for model, field in user_foreign_keys():
        rows[model._meta.db_table].update(_keys(model, **{field.attname: user_pk}))
    return {name: pks for name, pks in rows.items() if pks}


def database_text() -> str:
    """Every value of every row of every table, as one text (to look for markers in)."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for name in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")  # noqa: S608
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def read_export(archive: bytes) -> tuple[dict[str, list[dict[str, object]]], str]:
    """The tables of an export zip, and all its files as one text."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        texts = {name: opened.read(name).decode() for name in opened.namelist()}
    document = json.loads(texts["interdepend-data.json"])
    return document["tables"], "\n".join(texts.values())


def _push_rows(alice: User) -> None:
    """A browser subscribed for notifications, her choices and a day's sent row."""
    import base64

    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from django.utils import timezone

    from interdepend.web.accounts.models import PushKind, PushSent
    from interdepend.web.accounts.push import push_choice_set, push_subscribe

    point = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = point.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    push_subscribe(
        user=alice,
        endpoint="https://fcm.googleapis.com/fcm/send/send/alice-device",
        p256dh=base64.urlsafe_b64encode(raw).decode().rstrip("="),
        auth=base64.urlsafe_b64encode(b"0123456789abcdef").decode().rstrip("="),
    )
    push_choice_set(user=alice, kinds={PushKind.WAITING}, quiet_from=22, quiet_until=7)
    PushSent.objects.create(user=alice, kind=PushKind.WAITING, day=timezone.localdate())


def enrich(personas: Personas) -> dict[str, str]:
    """Give alice a row in every kind of table the personas leave empty, and give bob private
    or bob-authored text (each with a marker) that must never reach alice's export."""
    from axes.models import AccessLog

    from interdepend.web.couple import services as couple
    from interdepend.web.couple.selectors import perception_form
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.partners.models import GuessAttempt
    from interdepend.web.research.services import consent_set
    from interdepend.web.together import services as together
    from interdepend.web.together.models import Goal
    from interdepend.web.together.reminders import reminder_set

    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    form = perception_form()
    couple.perception_save(
        user=alice,
        active=active,
        form=form,
        answers={form.item_ids[0]: 5},
    )
    consent_set(user=alice, given=True)
    reminder_set(user=alice, on=True)
    _push_rows(alice)
    GuessAttempt.objects.create(key=f"user:{alice.pk}")
    AccessLog.objects.create(
        username=alice.email,
        user_agent="test",
        ip_address="127.0.0.1",
        http_accept="*/*",
        path_info="/login/",
    )
    shared = Goal.objects.get(public_id=personas.together["shared_goal"])
    foreign = {key: marker("bob", key.split(".")[1]) for key in ("bob.note", "bob.bid", "bob.goal")}
    together.goal_note_add(goal=shared, author=alice, text="Next time, the far bank.", idem_key="")
    together.goal_note_add(goal=shared, author=bob, text=foreign["bob.note"], idem_key="")
    bid = together.bid_send(
        owner=bob,
        partnership=active.partnership,
        text=foreign["bob.bid"],
        idem_key="",
    )
    together.bid_answer(bid=bid, answer="later", when="after dinner")
    together.bid_send(owner=alice, partnership=active.partnership, text="A walk?", idem_key="")
    together.goal_create(
        owner=bob,
        partnership=None,
        title=foreign["bob.goal"],
        detail="",
        idem_key="",
    )
    return foreign


#: What signs in with a second step: none of it may reach an export.
SECOND_STEP_SECRETS = (
    "JBSWY3DPEHPK3PXPSECRET",
    "0f" * 32,
    "credential-for-export",
    "stopped-sign-in-key-for-export",
)


def enrich_second_step(user: User) -> None:
    """Give the person an authenticator app, a used recovery code, a passkey (after she
    signed in: a second step would ask for more at sign-in) and a sign-in stopped at the
    second step, whose key ties it to the browser it began in."""
    from django.utils import timezone

    from interdepend.web.accounts.models import (
        AuthenticatorApp,
        Passkey,
        RecoveryCode,
        StoppedSignIn,
    )

    secret, digest, credential, stopped = SECOND_STEP_SECRETS
    AuthenticatorApp.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
    RecoveryCode.objects.create(user=user, digest=digest, used_at=timezone.now())
    Passkey.objects.create(
        user=user, name="her phone", credential_id=credential, public_key=b"k", user_handle="h"
    )
    StoppedSignIn.objects.create(user=user, key=stopped)
