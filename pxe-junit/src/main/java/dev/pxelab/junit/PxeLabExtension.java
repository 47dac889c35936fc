package dev.pxelab.junit;

import dev.pxelab.runtime.lab.Lab;
import dev.pxelab.runtime.lab.LabDefinition;
import dev.pxelab.runtime.lab.LabProperties;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.net.MacAddress;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link PxeLab}: one {@link LabHolder} per {@code @PxeLab} class in that
 * class's store, closed after the class (by {@code afterAll}, and again, harmlessly, by JUnit 5.13+
 * closing the store's {@code AutoCloseable} values), targets
 * injected into {@link TargetVm} fields and parameters once all of them are ready.
 *
 * <p>A lab built in Java is registered instead of annotated, the way Testcontainers lets objects be
 * built in code and only marked:
 *
 * <pre>{@code
 * class WebTierTest {
 *     @RegisterExtension
 *     static PxeLabExtension lab = PxeLabExtension.of(Lab.builder()
 *             .target(TargetDefinition.builder("52:54:00:00:00:11").hostname("web-1").build()));
 *
 *     @TargetVm(mac = "52:54:00:00:00:11")   // only the MAC: the target defined above
 *     static Target web;
 * }
 * }</pre>
 *
 * <p>Thread-safe: the store creates one holder per class atomically and the holder starts its lab
 * once under its own lock; labs of different classes share nothing (each gets its own subnet and
 * bridge from the runtime), so classes may run in parallel.
 */
public final class PxeLabExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback,
        TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PxeLabExtension.class);

    /** The lab registered in code, or null when this instance serves {@code @PxeLab} classes. */
    private final LabDefinition registered;

    /** The extension {@code @PxeLab} registers; not for direct use. */
    public PxeLabExtension() {
        this(null);
    }

    private PxeLabExtension(LabDefinition registered) {
        this.registered = registered;
    }

    /**
     * An extension that runs this lab for the class whose static field holds it
     * ({@code @RegisterExtension}); the class's {@code @TargetVm}s may add targets or name one of
     * the definition's by its MAC alone.
     */
    public static PxeLabExtension of(LabDefinition definition) {
        return new PxeLabExtension(Objects.requireNonNull(definition, "definition"));
    }

    /** As {@link #of(LabDefinition)}, with the definition the builder builds. */
    public static PxeLabExtension of(LabDefinition.Builder builder) {
        return of(builder.build());
    }

    /** The running lab of the class this extension is registered on, once it is ready (from {@code @BeforeAll} on). */
    public Lab lab() {
        if (current == null) {
            throw new IllegalStateException("the lab is not started yet: use it from @BeforeAll or a test on");
        }
        return current.readyLab();
    }

    private volatile LabHolder current;

    @Override
    public void beforeAll(ExtensionContext context) {
        LabHolder holder = holder(context);
        if (registered != null) {
            current = holder;
        }
        holder.readyLab();
        Class<?> testClass = context.getRequiredTestClass();
        for (Field field : holder.declarations().fields()) {
            if (ModifierSupport.isStatic(field) && field.getDeclaringClass().isAssignableFrom(testClass)) {
                inject(holder, field, null);
            }
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        LabHolder holder = holder(context);
        for (Field field : AnnotationSupport.findAnnotatedFields(testInstance.getClass(), TargetVm.class,
                f -> !ModifierSupport.isStatic(f))) {
            inject(holder, field, testInstance);
        }
    }

    private static void inject(LabHolder holder, Field field, Object instance) {
        String where = TargetDeclarations.describe(field);
        TargetVm vm = AnnotationSupport.findAnnotation(field, TargetVm.class).orElseThrow();
        TargetDeclarations.checkType(field.getType(), where, vm.mac(), ExtensionConfigurationException::new);
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@TargetVm(mac = " + vm.mac() + ") on " + where
                    + ": the field must not be final, pxelab assigns it");
        }
        MacAddress mac = holder.declarations().targetFor(vm, where, ExtensionConfigurationException::new);
        try {
            field.setAccessible(true);
            field.set(instance, holder.target(mac));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot assign target " + mac + " to " + where + ": " + e, e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        if (!parameter.isAnnotated(TargetVm.class)) {
            return false;
        }
        TargetDeclarations.checkType(parameter.getParameter().getType(),
                TargetDeclarations.describe(parameter.getParameter()),
                parameter.findAnnotation(TargetVm.class).orElseThrow().mac(), ParameterResolutionException::new);
        return true;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LabHolder holder = holder(context);
        TargetVm vm = parameter.findAnnotation(TargetVm.class).orElseThrow();
        String where = TargetDeclarations.describe(parameter.getParameter());
        MacAddress mac = holder.declarations().targetFor(vm, where, ParameterResolutionException::new);
        return holder.target(mac);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            holder(context).markFailed();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext owner = ownerContext(context);
        if (owner == context) {
            current = null;
            LabHolder holder = owner.getStore(NAMESPACE).get(owner.getRequiredTestClass(), LabHolder.class);
            if (holder != null) { // null when an earlier extension failed before ours ran
                try {
                    holder.finish(context);
                } finally {
                    // here, not only from the store: JUnit before 5.13 never closes an AutoCloseable store value
                    holder.close();
                }
            }
        } else if (context.getExecutionException().isPresent()) {
            holder(context).markFailed(); // a failing @Nested class fails the lab it uses
        }
    }

    /** The holder of the lab this context's tests use (created, not started, on first use). */
    private LabHolder holder(ExtensionContext context) {
        ExtensionContext owner = ownerContext(context);
        Class<?> testClass = owner.getRequiredTestClass();
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(testClass, c -> {
            SupportedJUnit.require(); // before a lab exists, so before anything boots
            return new LabHolder(testClass, source(owner));
        }, LabHolder.class);
    }

    private LabHolder.LabSource source(ExtensionContext owner) {
        Class<?> testClass = owner.getRequiredTestClass();
        if (registered != null) {
            return new LabHolder.LabSource() {
                @Override
                public String where() {
                    return "the lab registered on " + testClass.getName();
                }

                @Override
                public List<TargetDefinition> registeredTargets() {
                    return registered.targets();
                }

                @Override
                public LabDefinition define(List<TargetDefinition> targets) {
                    LabDefinition.Builder builder = registered.toBuilder();
                    targets.stream().filter(t -> registered.target(t.mac()).isEmpty()).forEach(builder::target);
                    return builder.build();
                }
            };
        }
        PxeLab settings = AnnotationSupport.findAnnotation(testClass, PxeLab.class).orElseThrow();
        LabProperties properties = LabProperties.from(key -> owner.getConfigurationParameter(key).orElse(null));
        return new LabHolder.LabSource() {
            @Override
            public String where() {
                return "@PxeLab on " + testClass.getName();
            }

            @Override
            public List<TargetDefinition> registeredTargets() {
                return List.of();
            }

            @Override
            public LabDefinition define(List<TargetDefinition> targets) {
                return AnnotatedLab.definition(testClass, settings, targets, properties);
            }
        };
    }

    /**
     * The class context that owns the lab: the nearest one (above method contexts and
     * {@code @Nested} classes) whose class carries {@code @PxeLab} (directly, inherited or as a
     * meta-annotation) or, for an extension registered in code, holds it in a static field.
     */
    private ExtensionContext ownerContext(ExtensionContext context) {
        for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
            ExtensionContext c = at.get();
            if (c.getElement().filter(Class.class::isInstance).isPresent() && owns(c.getRequiredTestClass())) {
                return c;
            }
        }
        throw new ExtensionConfigurationException(PxeLabExtension.class.getSimpleName() + " is registered on "
                + context.getTestClass().map(Class::getName).orElse(context.getDisplayName()) + ", which has no @PxeLab"
                + " (directly or on an enclosing class): use @PxeLab, or register a lab built in code with"
                + " @RegisterExtension static PxeLabExtension lab = PxeLabExtension.of(...)");
    }

    private boolean owns(Class<?> testClass) {
        boolean annotated = AnnotationSupport.isAnnotated(testClass, PxeLab.class);
        List<PxeLabExtension> held = ReflectionSupport.findFields(testClass, f -> ModifierSupport.isStatic(f)
                        && PxeLabExtension.class.isAssignableFrom(f.getType()), HierarchyTraversalMode.TOP_DOWN).stream()
                .map(f -> ReflectionSupport.tryToReadFieldValue(f, null).toOptional().orElse(null))
                .filter(PxeLabExtension.class::isInstance).map(PxeLabExtension.class::cast).toList();
        boolean registers = held.stream().anyMatch(e -> e.registered != null);
        if (annotated && registers) {
            // checked by both extensions, whichever JUnit calls first: neither may start a lab
            throw new ExtensionConfigurationException(testClass.getName() + " has both @PxeLab and a lab registered"
                    + " with PxeLabExtension.of(...): one class has one lab, so keep one of them");
        }
        return registered == null ? annotated : held.contains(this);
    }
}
