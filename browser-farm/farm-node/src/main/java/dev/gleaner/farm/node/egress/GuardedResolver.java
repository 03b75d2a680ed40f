package dev.gleaner.farm.node.egress;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;

/**
 * Name resolution for the proxy's outgoing connections: the guard resolves once and checks every
 * address; the connection goes to exactly those addresses, or nowhere.
 */
final class GuardedResolver implements SocketAddressResolver {

    private final TargetGuard guard;

    GuardedResolver(TargetGuard guard) {
        this.guard = guard;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        switch (guard.checkHost(host, port)) {
            case TargetVerdict.Allowed allowed -> promise.succeeded(allowed.addresses().stream()
                    .map(address -> new InetSocketAddress(address, port)).toList());
            case TargetVerdict.Refused refused -> promise.failed(new UnknownHostException("refused: " + refused.reason()));
        }
    }
}
