namespace ActiveLab.Cluster.Hosting;

/// <summary>The innermost exception of a chain: the one that names the actual problem ("Connection refused",
/// "database or disk is full") in one-line messages.</summary>
public static class ExceptionText
{
    public static Exception Innermost(this Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
