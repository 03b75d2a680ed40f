package dev.gleaner.farm.client.guard;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Executor;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * The target guard as a Netty address resolver, for any Reactor Netty client that fetches targets
 * (core-api's HTTP fetcher): {@code HttpClient.create().resolver(new GuardedAddressResolverGroup(guard, executor))}.
 * Every address, resolved or not, goes through {@link TargetGuard#checkHost}: the name is resolved once,
 * every answer checked, and the connection goes to the checked address (no DNS-rebinding window), or
 * fails with "refused: <reason>". Look-ups block, so they run on {@code lookups}, never on an event loop.
 */
public final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final TargetGuard guard;
    private final Executor lookups;

    public GuardedAddressResolverGroup(TargetGuard guard, Executor lookups) {
        this.guard = guard;
        this.lookups = lookups;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                return false; // even an address given as an IP literal must pass the guard
            }

            @Override
            protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
                lookups.execute(() -> check(address, promise, allowed -> allowed.getFirst()));
            }

            @Override
            protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
                lookups.execute(() -> check(address, promise, allowed -> allowed));
            }
        };
    }

    private <T> void check(InetSocketAddress address, Promise<T> promise,
            java.util.function.Function<List<InetSocketAddress>, T> result) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        try {
            switch (guard.checkHost(host, address.getPort())) {
                case TargetVerdict.Allowed allowed -> promise.trySuccess(result.apply(allowed.addresses().stream()
                        .map(a -> new InetSocketAddress(a, address.getPort())).toList()));
                case TargetVerdict.Refused refused -> promise.tryFailure(new UnknownHostException("refused: " + refused.reason()));
            }
        } catch (RuntimeException e) {
            promise.tryFailure(e);
        }
    }
}
