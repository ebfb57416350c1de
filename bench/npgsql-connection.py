#!/usr/bin/env python3
"""Turns a libpq URL (postgres://user[:password]@host[:port]/db) into the Npgsql connection string `bulwark` takes."""
import sys
import urllib.parse

u = urllib.parse.urlparse(sys.argv[1])
parts = [f"Host={u.hostname}", f"Port={u.port or 5432}", f"Username={u.username or 'postgres'}", f"Database={u.path.lstrip('/')}"]
if u.password:
    parts.append(f"Password={urllib.parse.unquote(u.password)}")
extra = sys.argv[2] if len(sys.argv) > 2 else ""
print(";".join(parts) + (";" + extra if extra else ""))
