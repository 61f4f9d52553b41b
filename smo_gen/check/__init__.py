"""Checks over what a build writes: links in content, and share tags against each network's rules."""
