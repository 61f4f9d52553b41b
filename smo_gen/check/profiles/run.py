"""`smo-gen check --profile`: the chosen destinations' verdicts over a built site, as a report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from smo_gen.check.profiles import apple_podcasts, discover, fediverse, feedly, flipboard, pinterest
from smo_gen.check.profiles.built_output import BuiltOutput
from smo_gen.check.profiles.verdicts import Profile, Verdict, count_statuses
from smo_gen.errors import ConfigError, Problem, did_you_mean
from smo_gen.wording import counted

PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        discover.PROFILE,
        flipboard.PROFILE,
        feedly.PROFILE,
        pinterest.PROFILE,
        apple_podcasts.PROFILE,
        fediverse.PROFILE,
    )
}
STATUS_WORDS = {"pass": "pass    ", "warnings": "warnings", "fails": "FAILS   "}


def parse_profile_names(text: str) -> list[Profile]:
    """The profiles named in `--profile a,b` ('all': every one); ConfigError for an unknown name."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if "all" in names:
        return list(PROFILES.values())
    unknown = [name for name in names if name not in PROFILES]
    if unknown or not names:
        name = unknown[0] if unknown else text
        hint = did_you_mean(name, [*PROFILES, "all"]) or f"choose from: {', '.join(PROFILES)}, all"
        raise ConfigError(Problem(f"--profile: no profile named '{name}'", hint=hint))
    return [PROFILES[name] for name in dict.fromkeys(names)]


def check_profiles(output_dir: Path, base_url: str | None, profiles: Sequence[Profile]) -> list[Verdict]:
    """Every chosen profile's verdict on each page and feed of the build in `output_dir`."""
    output = BuiltOutput(output_dir, base_url)
    return [verdict for profile in profiles for verdict in profile.judge(output)]


def render_profile_report(verdicts: Sequence[Verdict], profiles: Sequence[Profile]) -> str:
    """Each profile with its verdicts, each finding with its fix, then a total per profile."""
    lines = []
    for profile in profiles:
        own = [verdict for verdict in verdicts if verdict.profile == profile.name]
        lines.append(f"{profile.name}: {profile.label} ({profile.source})")
        if not own:
            lines.append("    nothing here for it to judge")
        for verdict in own:
            lines.append(f"  {STATUS_WORDS[verdict.status]} {verdict.file}")
            for finding in sorted(verdict.findings, key=lambda finding: finding.level != "fail"):
                lines.append(f"      {finding.level}: {finding.message}")
                lines.append(f"        fix: {finding.fix}")
        counts = count_statuses(own)
        lines.append(
            f"  {profile.name}: {counted(len(own), 'verdict')}: {counts['fails']} fail, "
            f"{counts['warnings']} with warnings, {counts['pass']} pass."
        )
    return "\n".join(lines)
