package dev.pxelab.junit;

import dev.pxelab.runtime.boot.Architecture;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.lab.Document;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.net.MacAddress;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import java.lang.reflect.Constructor;

/**
 * Every {@link TargetVm} of a test class — fields of the class and its superclasses, parameters of
 * its constructors and methods — checked and turned into the lab's {@link TargetDefinition}s before
 * anything boots. Each problem is an {@link ExtensionConfigurationException} naming the field or
 * parameter and the MAC.
 *
 * <p>A {@code @TargetVm} that names only a MAC refers to the target declared with that MAC
 * elsewhere (on another field or parameter, or in a lab definition registered in code), so a
 * machine's settings are written once; when nothing else declares the MAC, it is a machine with
 * the default settings.
 */
final class TargetDeclarations {

    /** One {@code @TargetVm} and where it was found; {@code reference} when it names only the MAC. */
    record Declaration(TargetDefinition config, String where, boolean reference) {
    }

    private final Class<?> testClass;
    private final Map<MacAddress, Declaration> byMac;
    private final List<Field> fields;

    private TargetDeclarations(Class<?> testClass, Map<MacAddress, Declaration> byMac, List<Field> fields) {
        this.testClass = testClass;
        this.byMac = byMac;
        this.fields = fields;
    }

    static TargetDeclarations scan(Class<?> testClass) {
        return scan(testClass, List.of());
    }

    /** @param registered targets of a lab definition registered in code, declared before any annotation */
    static TargetDeclarations scan(Class<?> testClass, List<TargetDefinition> registered) {
        Map<MacAddress, Declaration> byMac = new LinkedHashMap<>();
        Map<String, Declaration> byAddress = new LinkedHashMap<>();
        List<Declaration> references = new ArrayList<>();
        for (TargetDefinition target : registered) {
            add(byMac, byAddress, new Declaration(target, "the lab definition registered with PxeLabExtension.of(...)", false));
        }
        ClassLoader loader = loaderOf(testClass);
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, TargetVm.class);
        for (Field field : fields) {
            String where = describe(field);
            checkField(field, where);
            add(byMac, byAddress, references, declaration(AnnotationSupport.findAnnotation(field, TargetVm.class)
                    .orElseThrow(), where, loader, ExtensionConfigurationException::new));
        }
        List<Executable> executables = new ArrayList<>(List.of(testClass.getDeclaredConstructors()));
        executables.addAll(ReflectionSupport.findMethods(testClass, m -> true, HierarchyTraversalMode.TOP_DOWN));
        for (Executable executable : executables) {
            for (Parameter parameter : executable.getParameters()) {
                Optional<TargetVm> vm = AnnotationSupport.findAnnotation(parameter, TargetVm.class);
                if (vm.isPresent()) {
                    String where = describe(parameter);
                    checkType(parameter.getType(), where, vm.get().mac(), ExtensionConfigurationException::new);
                    add(byMac, byAddress, references, declaration(vm.get(), where, loader,
                            ExtensionConfigurationException::new));
                }
            }
        }
        for (Declaration reference : references) {
            // nothing else declares this MAC: it is a machine with the default settings
            byMac.putIfAbsent(reference.config().mac(), reference);
        }
        return new TargetDeclarations(testClass, byMac, fields);
    }

    /** The targets of the lab, in declaration order (fields first). */
    List<TargetDefinition> targets() {
        return byMac.values().stream().map(Declaration::config).toList();
    }

    boolean isEmpty() {
        return byMac.isEmpty();
    }

    /** Where each target was declared ("static field WebTest.web"), by MAC, in declaration order. */
    Map<MacAddress, String> whereDeclared() {
        Map<MacAddress, String> where = new LinkedHashMap<>();
        byMac.forEach((mac, declaration) -> where.put(mac, declaration.where()));
        return where;
    }

    /** The {@code @TargetVm} fields, static and instance, of the class and its superclasses. */
    List<Field> fields() {
        return fields;
    }

    /**
     * The MAC of the lab target a field or parameter refers to; {@code fail} makes the exception
     * when the annotation does not match a target of this lab (e.g. declared in a nested class).
     */
    MacAddress targetFor(TargetVm vm, String where, Function<String, RuntimeException> fail) {
        Declaration mine = declaration(vm, where, loaderOf(testClass), fail);
        Declaration known = byMac.get(mine.config().mac());
        if (known == null || !mine.reference() && !known.config().equals(mine.config())) {
            throw fail.apply(where + " declares target " + mine.config().mac() + ", which is not one of the targets"
                    + " of the lab of " + testClass.getName() + " " + byMac.keySet()
                    + "; declare @TargetVm on fields or parameters of the @PxeLab class itself");
        }
        return known.config().mac();
    }

    private static void add(Map<MacAddress, Declaration> byMac, Map<String, Declaration> byAddress,
                            List<Declaration> references, Declaration d) {
        if (d.reference()) {
            references.add(d);
        } else {
            add(byMac, byAddress, d);
        }
    }

    private static void add(Map<MacAddress, Declaration> byMac, Map<String, Declaration> byAddress, Declaration d) {
        Declaration same = byMac.putIfAbsent(d.config().mac(), d);
        if (same != null) {
            if (same.config().equals(d.config())) {
                return; // the same machine, named in two places
            }
            throw new ExtensionConfigurationException("target " + d.config().mac() + " is declared twice with"
                    + " different settings: on " + same.where() + " and on " + d.where()
                    + "; one MAC is one machine, so declare it identically or use another MAC");
        }
        String address = d.config().address();
        if (address != null) {
            Declaration other = byAddress.putIfAbsent(address, d);
            if (other != null) {
                throw new ExtensionConfigurationException("targets " + other.config().mac() + " (" + other.where()
                        + ") and " + d.config().mac() + " (" + d.where() + ") both want address " + address);
            }
        }
    }

    static Declaration declaration(TargetVm vm, String where, ClassLoader loader,
                                   Function<String, RuntimeException> fail) {
        MacAddress mac;
        try {
            mac = MacAddress.of(vm.mac());
        } catch (IllegalArgumentException e) {
            throw fail.apply("@TargetVm on " + where + ": " + e.getMessage());
        }
        TargetDefinition.Builder config = TargetDefinition.builder(mac.value())
                .firmware(vm.firmware()).architecture(vm.arch()).memoryMib(vm.memory()).cpus(vm.cpus())
                .diskSize(vm.disk());
        if (!vm.hostname().isBlank()) {
            config.hostname(vm.hostname().strip());
        }
        if (!vm.address().isBlank()) {
            config.address(vm.address().strip());
        }
        if (!vm.userData().isBlank()) {
            config.userData(resolve(vm.userData(), "userData", mac, where, loader, fail));
        }
        if (!vm.metaData().isBlank()) {
            config.metaData(resolve(vm.metaData(), "metaData", mac, where, loader, fail));
        }
        if (!vm.vendorData().isBlank()) {
            config.vendorData(resolve(vm.vendorData(), "vendorData", mac, where, loader, fail));
        }
        if (!vm.networkConfig().isBlank()) {
            config.networkConfig(resolve(vm.networkConfig(), "networkConfig", mac, where, loader, fail));
        }
        if (vm.memory() < 64) {
            throw fail.apply("@TargetVm(mac = " + mac + ") on " + where + ": memory = " + vm.memory()
                    + " MiB is too little to boot anything; give at least 64 (the default is 512)");
        }
        if (vm.cpus() < 1) {
            throw fail.apply("@TargetVm(mac = " + mac + ") on " + where + ": cpus = " + vm.cpus() + " must be at least 1");
        }
        return new Declaration(config.build(), where, onlyMac(vm));
    }

    /** True when the annotation sets nothing but the MAC. */
    private static boolean onlyMac(TargetVm vm) {
        return vm.hostname().isBlank() && vm.address().isBlank() && vm.userData().isBlank() && vm.metaData().isBlank()
                && vm.vendorData().isBlank() && vm.networkConfig().isBlank() && vm.firmware() == Firmware.BIOS
                && vm.arch() == Architecture.X86_64 && vm.memory() == 512 && vm.cpus() == 1 && vm.disk().equals("1G");
    }

    private static Document resolve(String location, String attribute, MacAddress mac, String where,
                                    ClassLoader loader, Function<String, RuntimeException> fail) {
        try {
            return Document.resolve(location.strip(), loader);
        } catch (IllegalArgumentException e) {
            throw fail.apply("@TargetVm(mac = " + mac + ") on " + where + ": " + attribute + " " + e.getMessage());
        }
    }

    private static void checkField(Field field, String where) {
        TargetVm vm = AnnotationSupport.findAnnotation(field, TargetVm.class).orElseThrow();
        checkType(field.getType(), where, vm.mac(), ExtensionConfigurationException::new);
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@TargetVm(mac = " + vm.mac() + ") on " + where
                    + ": the field must not be final, pxelab assigns it");
        }
    }

    static void checkType(Class<?> type, String where, String mac, Function<String, RuntimeException> fail) {
        if (type != Target.class) {
            throw fail.apply("@TargetVm(mac = " + mac + ") on " + where + ": the type must be "
                    + Target.class.getName() + ", not " + type.getName());
        }
    }

    static String describe(Field field) {
        return (Modifier.isStatic(field.getModifiers()) ? "static field " : "field ")
                + field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    static String describe(Parameter parameter) {
        Executable executable = parameter.getDeclaringExecutable();
        String owner = executable.getDeclaringClass().getSimpleName();
        String name = executable instanceof Constructor<?> ? owner : owner + "." + executable.getName();
        int index = List.of(executable.getParameters()).indexOf(parameter);
        return "parameter " + index + (parameter.isNamePresent() ? " (" + parameter.getName() + ")" : "")
                + " of " + name + "()";
    }

    static ClassLoader loaderOf(Class<?> testClass) {
        return testClass.getClassLoader() != null ? testClass.getClassLoader() : ClassLoader.getSystemClassLoader();
    }
}
