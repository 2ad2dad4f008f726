using System.Net;
using System.Net.Sockets;

namespace AuroraRestore.Tests.Support
{
    /// <summary>Loopback ports for servers the tests start (moto, PostgreSQL) or for an endpoint where nobody listens.</summary>
    internal static class LoopbackPort
    {
        /// <summary>A port nobody listens on at the moment of asking (the OS picks it).</summary>
        public static int Free()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
