namespace ActiveLab.Dashboard;

/// <summary>The dashboard could not listen (port taken, address not of this machine); the message says why in one line.</summary>
public sealed class DashboardStartException(string message, Exception? inner = null) : Exception(message, inner);
