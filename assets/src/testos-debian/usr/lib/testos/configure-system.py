#!/usr/bin/python3
"""Applies the system sections of a user's autoinstall to the installed Debian system, the way
Ubuntu's installer applies them. The test OS installer runs it in a chroot of /target:

    configure-system.py system   USER_DATA     locale, keyboard, timezone, network
    configure-system.py packages USER_DATA [REPOSITORY_URL]
                                               debconf-selections, apt preferences, packages

Every problem ends the run with exit status 1 and one last line 'error: ...' that names the section,
which the installer reports as the install's failure. Warnings (a setting that has no effect in a
lab) go to /run/testos-warnings, one per line, for the installer to report as WARN events.
"""
import os
import subprocess
import sys

import yaml


class Refused(Exception):
    pass


def warn(message):
    print("warning: " + message, flush=True)
    with open("/run/testos-warnings", "a") as f:
        f.write(message + "\n")


def run(section, argv, **kwargs):
    """Runs argv; its failure is the section's failure, with the tool's own words."""
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    if result.returncode != 0:
        tail = " | ".join(result.stdout.strip().splitlines()[-6:])
        raise Refused("%s: %s failed with exit status %d: %s" % (section, " ".join(argv), result.returncode, tail))
    return result.stdout


def write(path, content, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(content)
    os.chmod(path, mode)


# ---- system ---------------------------------------------------------------------------------------

def locale(value):
    # Subiquity hands "en_US" to the installed system as en_US.UTF-8.
    name = value + ".UTF-8" if "." not in value and "_" in value else value
    if name not in ("C", "C.UTF-8", "POSIX"):
        language, _, charset = name.partition(".")
        charset = charset or "ISO-8859-1"
        charset = {"utf8": "UTF-8", "utf-8": "UTF-8"}.get(charset.lower(), charset)
        if not os.path.exists("/usr/share/i18n/locales/" + language.split("@")[0]):
            raise Refused("locale: '%s' is not a locale this system knows (no /usr/share/i18n/locales/%s)"
                          % (value, language))
        generated = run("locale", ["locale", "-a"]).split()
        if name.replace("UTF-8", "utf8") not in generated and name not in generated:
            with open("/etc/locale.gen", "a") as f:
                f.write("%s %s\n" % (name, charset))
            run("locale", ["locale-gen"])
    write("/etc/default/locale", "LANG=%s\n" % name)
    print("locale: LANG=%s" % name, flush=True)


KEYBOARD = """\
# KEYBOARD CONFIGURATION FILE

# Consult the keyboard(5) manual page.

XKBMODEL="pc105"
XKBLAYOUT="{layout}"
XKBVARIANT="{variant}"
XKBOPTIONS="{options}"

BACKSPACE="guess"
"""


def keyboard(value):
    toggle = value.get("toggle")
    write("/etc/default/keyboard", KEYBOARD.format(layout=value["layout"], variant=value.get("variant") or "",
                                                   options="grp:" + toggle if toggle else ""))
    print("keyboard: XKBLAYOUT=%s XKBVARIANT=%s" % (value["layout"], value.get("variant") or ""), flush=True)


def timezone(value):
    if value == "geoip":
        warn("timezone 'geoip' keeps UTC: a lab has no geolocation service to ask")
        return
    zone = "/usr/share/zoneinfo/" + value
    if not os.path.isfile(zone) or ".." in value:
        raise Refused("timezone: '%s' is not a time zone this system knows (no %s)" % (value, zone))
    if os.path.lexists("/etc/localtime"):
        os.remove("/etc/localtime")
    os.symlink(zone, "/etc/localtime")
    write("/etc/timezone", value + "\n")
    print("timezone: %s" % value, flush=True)


def network(value):
    # Both the bare netplan form and the seed plan's nested `network: network:` one.
    config = value["network"] if isinstance(value.get("network"), dict) else value
    # Where subiquity's installed systems keep it; netplan wants it private (it may hold secrets).
    write("/etc/netplan/50-cloud-init.yaml", yaml.safe_dump({"network": config}, sort_keys=False), 0o600)
    # netplan's own verdict, now rather than at first boot: an installed system without network
    # is the failure that is hardest to see from a test.
    # The generator that `netplan generate` runs, without the Python command line around it (a
    # second or two of start-up under TCG): the same parser, the same verdict.
    run("network", ["/usr/libexec/netplan/generate"])
    # The image's catch-all DHCP would otherwise configure links the user's config leaves alone.
    fallback = "/etc/systemd/network/20-wired.network"
    if os.path.exists(fallback):
        os.remove(fallback)
    print("network: /etc/netplan/50-cloud-init.yaml (%s)" % ", ".join(sorted(config.get("ethernets", {}))), flush=True)


def system(autoinstall):
    for section, apply in (("locale", locale), ("keyboard", keyboard), ("timezone", timezone),
                           ("network", network)):
        if section in autoinstall:
            apply(autoinstall[section])


# ---- packages -------------------------------------------------------------------------------------

def installed(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    return result.returncode == 0 and result.stdout == "install ok installed"


def offers_upgrades(repository):
    """Whether the lab's repository holds anything: it is empty when the image has every package
    at the archive's version, and apt (seconds under emulation) would only say so."""
    import urllib.request  # here, not at the top: the system step does not pay for importing it under TCG
    with urllib.request.urlopen(repository.rstrip("/") + "/Packages", timeout=30) as response:
        return bool(response.read().strip())


def packages(autoinstall, repository):
    # apt's other keys choose mirrors, which the lab's repository replaces (the installer warns).
    apt = autoinstall.get("apt") or {}
    if apt.get("preferences"):
        stanzas = ["Package: %s\nPin: %s\nPin-Priority: %s\n" % (p["package"], p["pin"], p["pin-priority"])
                   for p in apt["preferences"]]
        write("/etc/apt/preferences.d/90-autoinstall.pref", "\n".join(stanzas))
    if autoinstall.get("debconf-selections"):
        run("debconf-selections", ["debconf-set-selections"], input=autoinstall["debconf-selections"])
    wanted = [str(p) for p in autoinstall.get("packages") or []]
    missing = [p for p in wanted if not installed(p)]
    if not wanted or (not missing and not (repository and offers_upgrades(repository))):
        if wanted:
            print("packages: %s already installed" % " ".join(wanted), flush=True)
        return
    if not repository:
        raise Refused("packages: %s need the lab's package repository, and this lab serves none"
                      % " ".join(missing))
    # Kept after the install, as subiquity keeps its mirror: apt in the installed system works
    # for as long as the lab runs.
    # "<parent>/ <folder>/" rather than "<url> ./": the lab's server refuses the dot segment apt
    # would put in <url>/./Packages (PreparedPackages.aptSource says the same).
    parent, _, folder = repository.rstrip("/").rpartition("/")
    write("/etc/apt/sources.list.d/pxelab-lab.list", "deb [trusted=yes] %s/ %s/\n" % (parent, folder))
    # Only the lab's repository: the image's own sources (Debian's mirror) lead nowhere from a lab.
    only_lab = ["-o", "Dir::Etc::sourcelist=sources.list.d/pxelab-lab.list", "-o", "Dir::Etc::sourceparts=-"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # Services start when the installed system boots, not in the installer's chroot.
    write("/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0o755)
    try:
        run("packages", ["apt-get", "-q", "-o", "Acquire::Languages=none", "update"] + only_lab, env=env)
        # Without Recommends: what the lab's repository resolved on the host (PackageRepository).
        # --force-unsafe-io: no fsync per unpacked file, which costs seconds per package under emulation;
        # the installer syncs the whole disk before it reboots.
        run("packages", ["apt-get", "-q", "-y", "--no-install-recommends"] + only_lab + [
                         "-o", "Dpkg::Options::=--force-unsafe-io", "-o", "Dpkg::Options::=--force-confdef",
                         "-o", "Dpkg::Options::=--force-confold", "install"] + wanted, env=env)
    finally:
        os.remove("/usr/sbin/policy-rc.d")
    print("packages: installed %s" % " ".join(wanted), flush=True)


def main():
    step, user_data = sys.argv[1], sys.argv[2]
    with open(user_data) as f:
        autoinstall = (yaml.safe_load(f) or {}).get("autoinstall") or {}
    try:
        if step == "system":
            system(autoinstall)
        elif step == "packages":
            packages(autoinstall, sys.argv[3] if len(sys.argv) > 3 else "")
        else:
            raise Refused("unknown step '%s'" % step)
    except Refused as e:
        print("error: %s" % e, flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
