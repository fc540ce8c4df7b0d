#!/usr/bin/env python3
"""Generate COUNT small autoconfig templates in one folder (bench/threads.sh).

    gen_templates.py OUTDIR COUNT

OUTDIR/tNNNNNN.example.xml, COUNT files of about 1 KB, each for a domain of
its own (so that no two templates claim one domain). One in four is clean;
the others carry a finding or two (a plain-text password over an unencrypted
connection, SMTP on port 25, an unknown placeholder), so that rules and
rendering are measured, not only reading. Deterministic: the same arguments
give the same bytes. An existing folder with the right number of files is
left as it is.
"""
import os
import sys

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="{domain}">
    <domain>{domain}</domain>
    <displayName>Template {n}</displayName>
    <displayShortName>T{n}</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.{domain}</hostname>
      <port>{imap_port}</port>
      <socketType>{imap_socket}</socketType>
      <authentication>password-cleartext</authentication>
      <username>{username}</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.{domain}</hostname>
      <port>{smtp_port}</port>
      <socketType>{smtp_socket}</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"""

VARIANTS = [
    # clean
    dict(imap_port=993, imap_socket="SSL", smtp_port=465, smtp_socket="SSL",
         username="%EMAILADDRESS%"),
    # a password in clear text over a plain connection
    dict(imap_port=143, imap_socket="plain", smtp_port=465, smtp_socket="SSL",
         username="%EMAILADDRESS%"),
    # SMTP on port 25
    dict(imap_port=993, imap_socket="SSL", smtp_port=25, smtp_socket="STARTTLS",
         username="%EMAILADDRESS%"),
    # an unknown placeholder
    dict(imap_port=993, imap_socket="SSL", smtp_port=587, smtp_socket="STARTTLS",
         username="%EMAILADRESS%"),
]


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    if len(os.listdir(out)) == count:
        return
    for name in os.listdir(out):
        os.remove(os.path.join(out, name))
    for n in range(count):
        domain = f"t{n:06d}.example"
        text = TEMPLATE.format(domain=domain, n=n, **VARIANTS[n % len(VARIANTS)])
        with open(os.path.join(out, f"{domain}.xml"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
