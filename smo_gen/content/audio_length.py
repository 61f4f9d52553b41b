"""How long an audio file plays, read from its headers (MP3, M4A/AAC, Ogg Vorbis/Opus, WAV, FLAC).

Podcast apps show an episode's length from the feed's `itunes:duration`, and Apple asks for it;
it is measured here, never typed in. The reading is tinytag's (MIT, pure Python, no decoding):
mutagen reads the same formats but is GPL-2.0+, which an MIT tool cannot ship.
"""

from __future__ import annotations

import math
from pathlib import Path

from smo_gen.content.media import MediaProblem

# Audio formats whose length the headers tell; other files are described without one.
MEASURED_AUDIO = (".mp3", ".m4a", ".m4b", ".aac", ".mp4", ".ogg", ".oga", ".opus", ".wav", ".flac", ".aiff", ".aif")


def read_audio_duration(path: Path) -> float | None:
    """The seconds `path` plays (to the millisecond), or None for a format whose length is not read.

    Raises MediaProblem, for a person, when the file is damaged or not the audio it claims to be.
    """
    if path.suffix.lower() not in MEASURED_AUDIO:
        return None
    from tinytag import TinyTag, TinyTagException  # here, not at the top: most builds have no audio

    try:
        tags = TinyTag.get(path, tags=False, duration=True)
    except OSError as exc:
        raise MediaProblem(f"cannot be read ({exc.strerror or exc})") from None
    except (TinyTagException, ValueError, IndexError, KeyError) as exc:  # tinytag's word for a file it cannot parse
        raise MediaProblem(f"is not readable audio: it is damaged or not what its name says ({exc})") from None
    duration = tags.duration
    if duration is None or not math.isfinite(duration) or duration <= 0:  # NaN or inf from a header with a zero rate
        raise MediaProblem("is not readable audio: its headers give no length (empty, truncated or damaged?)")
    return round(duration, 3)
