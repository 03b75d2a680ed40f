package dev.gleaner.admin.security;

import java.lang.reflect.Proxy;
import java.util.function.Function;

import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.admin.SignInRequest;

/** An {@link AdminApi} whose sign-in answers as a test says, the rest as {@code rest}. */
final class DelegatingSignIn {

    private DelegatingSignIn() {
    }

    static AdminApi of(AdminApi rest, Function<SignInRequest, OperatorView> signIn) {
        return (AdminApi) Proxy.newProxyInstance(AdminApi.class.getClassLoader(), new Class<?>[] {AdminApi.class},
                (proxy, method, args) -> method.getName().equals("signIn") ? signIn.apply((SignInRequest) args[0])
                        : method.invoke(rest, args));
    }
}
