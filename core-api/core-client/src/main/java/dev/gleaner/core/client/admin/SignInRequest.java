package dev.gleaner.core.client.admin;

/**
 * An operator's sign-in, checked by core-api against the operators it stores.
 *
 * @param clientAddress the address the operator's browser came from (failed sign-ins are counted per address too)
 */
public record SignInRequest(String username, String password, String clientAddress) {

    @Override
    public String toString() {
        return "SignInRequest[username=" + username + ", clientAddress=" + clientAddress + "]";
    }
}
