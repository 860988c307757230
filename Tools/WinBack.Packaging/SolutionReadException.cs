namespace WinBack.Packaging;

/// <summary>A solution that cannot be read: the message names the file and what is wrong with it.</summary>
public sealed class SolutionReadException : Exception
{
    public SolutionReadException(string message, Exception? inner = null) : base(message, inner) { }
}
