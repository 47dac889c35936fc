package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.boot.BootProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A checked lab description: what {@link PxeLab.Builder} hands to {@link Lab#start}. */
record LabSpec(String name, String subnet, Path workDir, Document genericUserData, Document genericMetaData,
               BootProfile profile, Path assetRoot, Duration installTimeout, Duration sshTimeout,
               List<TargetDefinition> targets) {
}
