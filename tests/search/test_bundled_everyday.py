"""Everyday words for each case reach the bundled playbook that handles it.

Interns rarely use a playbook's own words: "someone logged into her account
from another phone" is a hacked account, "mon live se fige" is lag. The
bundled playbooks list such phrasings in their `keywords` (English-only
playbooks list the French ones too). Each query below is worded for this test
(none is taken from a bench set) and found another playbook first, or none,
before those keywords were added.
"""

from __future__ import annotations

import pytest

from livecheck.search.engine import WhooshSearch


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("someone logged into his account from another phone", "hacked-account"),
        ("quelqu'un a pris le contrôle de sa chaîne", "hacked-account"),
        ("un inconnu lui vend des pièces à moitié prix", "gifting-scam"),
        ("he drank a bottle of vodka because chat sent gifts", "dangerous-challenge-on-live"),
        ("il mange un piment pour chaque cadeau", "dangerous-challenge-on-live"),
        ("ils ont mis son adresse dans les commentaires", "doxxing-on-live"),
        ("two streamers want to stream together in one room", "cohost-multiguest-failure"),
        ("fans who pay monthly get no perks", "live-subscription-setup"),
        ("viewers promised a ps5 prize if they send gifts", "fake-giveaway-scam"),
        ("picking creators for the brand push", "campaign-creator-enrollment"),
        ("figures for the advertiser after the operation", "campaign-results-summary"),
        ("who do I wake up in the middle of the night", "escalation-paths-on-call"),
        ("un adulte drague une collégienne en mp", "sextortion-grooming-dms"),
        ("elle est née en 2003 mais l'appli dit qu'elle a 14 ans", "wrong-age-on-account"),
        ("her bio now advertises crypto and the login fails", "hacked-account"),
        ("a teen climbing a rooftop while chat cheers him on", "dangerous-challenge-on-live"),
        ("a celebrity wants to prove the account is really her", "verified-badge-request"),
        ("she is in year 9", "suspected-minor-on-live"),
    ],
)
def test_everyday_words_find_the_playbook(bundled: WhooshSearch, query: str, expected: str) -> None:
    assert [h.id for h in bundled.search(query).hits][:1] == [expected]
