using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Bulwark.Server.Hosting;

/// <summary>
/// Behind a load balancer the connection comes from the balancer: the client's address and scheme arrive in
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>. Believed from the configured proxies only, they give sign-in
/// throttling and audit events the real client address and make session cookies Secure behind TLS termination.
/// </summary>
public static class ProxyTrust
{
    /// <summary>The forwarded-headers options for <paramref name="trusted"/>; null when no proxy is trusted.</summary>
    /// <exception cref="FormatException">An entry is neither an IP address nor a CIDR network; the message names it.</exception>
    public static ForwardedHeadersOptions? OptionsFor(IReadOnlyList<string> trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        var entries = trusted.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Several proxies in a row (a CDN, then the balancer): walk back through every trusted hop, stop at the first untrusted one.
            ForwardLimit = null,
        };
        // The defaults trust loopback; only what the operator names is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (!System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    throw new FormatException($"--trusted-proxies: '{entry}' is not a network (write it as 10.0.0.0/8 or fd00::/8)");
                }

                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new FormatException($"--trusted-proxies: '{entry}' is not an IP address or a network (10.0.0.5, 10.0.0.0/8)");
            }
        }

        return options;
    }
}
