package dev.pxelab.junit;

import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.net.MacAddress;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
import org.junit.platform.commons.support.ModifierSupport;

/**
 * The extension behind {@link PxeLab}: one {@link LabHolder} per {@code @PxeLab} class in that
 * class's store (an {@code AutoCloseable}, so JUnit closes it when the class is done), targets
 * injected into {@link TargetVm} fields and parameters once all of them are ready.
 *
 * <p>Thread-safe: the store creates one holder per class atomically and the holder starts its lab
 * once under its own lock; labs of different classes share nothing (each gets its own subnet and
 * bridge from the runtime), so classes may run in parallel.
 */
public final class PxeLabExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback,
        TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PxeLabExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LabHolder holder = holder(context);
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
            LabHolder holder = owner.getStore(NAMESPACE).get(owner.getRequiredTestClass(), LabHolder.class);
            if (holder != null) { // null when an earlier extension failed before ours ran
                holder.finish(context);
            }
        } else if (context.getExecutionException().isPresent()) {
            holder(context).markFailed(); // a failing @Nested class fails the lab it uses
        }
    }

    /** The holder of the lab this context's tests use (created, not started, on first use). */
    private static LabHolder holder(ExtensionContext context) {
        ExtensionContext owner = ownerContext(context);
        Class<?> testClass = owner.getRequiredTestClass();
        PxeLab settings = AnnotationSupport.findAnnotation(testClass, PxeLab.class).orElseThrow();
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(testClass, c -> new LabHolder(testClass, settings),
                LabHolder.class);
    }

    /**
     * The class context whose class carries {@code @PxeLab} (directly, inherited or as a
     * meta-annotation): the nearest one above method contexts and {@code @Nested} classes.
     */
    static ExtensionContext ownerContext(ExtensionContext context) {
        for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
            ExtensionContext c = at.get();
            if (c.getElement().filter(Class.class::isInstance).isPresent()
                    && AnnotationSupport.isAnnotated(c.getRequiredTestClass(), PxeLab.class)) {
                return c;
            }
        }
        throw new ExtensionConfigurationException(PxeLabExtension.class.getSimpleName() + " is registered on "
                + context.getTestClass().map(Class::getName).orElse(context.getDisplayName()) + ", which has no @PxeLab (directly or on an enclosing class):"
                + " use @PxeLab instead of @ExtendWith(PxeLabExtension.class)");
    }
}
