using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// TLS between nodes with mutual authentication: every node of a cluster holds the same certificate (a PKCS#12 file
/// with its private key) and accepts a peer only if it presents that very certificate (pinned by thumbprint), so a
/// process without the cluster's certificate cannot join, send or receive anything.
/// </summary>
/// <param name="CertificatePath">The cluster's PKCS#12 (.pfx / .p12) file.</param>
/// <param name="Password">Its password (from a file or an environment variable, never from the command line).</param>
public sealed record NodeTls(string CertificatePath, string? Password)
{
    /// <summary>Loads the certificate; a missing file, a wrong password or a certificate without its private key is a
    /// <see cref="NodeStartException"/>.</summary>
    public X509Certificate2 Load()
    {
        if (!File.Exists(CertificatePath)) throw new NodeStartException($"TLS certificate {CertificatePath}: file not found");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, Password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException e)
        {
            throw new NodeStartException($"TLS certificate {CertificatePath} cannot be read (a PKCS#12 file with its private key, and the right password?): {e.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw new NodeStartException($"TLS certificate {CertificatePath} has no private key: nodes authenticate each other with it");
        return certificate;
    }
}
