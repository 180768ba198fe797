package io.github.idgov.core;

/** Whoever holds the server's configured {@link LifecyclePolicy} (the token gate's factory), for other controls to share. */
public interface LifecyclePolicySource {

    LifecyclePolicy lifecyclePolicy();
}
