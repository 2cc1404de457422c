"""Who is an editor after signing in with the organisation's account: by address (any case) or
by a group of the token's `groups` claim (exact), never by anything else."""

from __future__ import annotations

import pytest

from shell.access import is_listed_editor

SECRETS = {"editors": ["Manager@Cluster.example"], "editor_groups": ["dashboard-editors"]}


@pytest.mark.parametrize(
    ("user", "secrets", "editor"),
    [
        ({"email": "manager@cluster.example"}, SECRETS, True),
        ({"email": "MANAGER@CLUSTER.EXAMPLE", "groups": []}, SECRETS, True),
        ({"email": "partner@else.example", "groups": ["dashboard-editors"]}, SECRETS, True),
        ({"email": "partner@else.example", "groups": "dashboard-editors"}, SECRETS, True),
        ({"email": "partner@else.example", "groups": ["Dashboard-Editors"]}, SECRETS, False),
        ({"email": "partner@else.example", "groups": ["partners"]}, SECRETS, False),
        ({"email": "partner@else.example"}, SECRETS, False),
        ({}, SECRETS, False),
        ({"email": "manager@cluster.example", "groups": ["dashboard-editors"]}, {}, False),
        # An empty address or group never matches an empty entry in the lists.
        ({"email": "", "groups": [""]}, {"editors": [""], "editor_groups": [""]}, False),
        ({"groups": [""]}, {"editors": [" "], "editor_groups": [""]}, False),
    ],
)
def test_editor_by_address_or_group(user: dict, secrets: dict, editor: bool) -> None:
    assert is_listed_editor(user, secrets) is editor
