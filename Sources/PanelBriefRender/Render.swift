import CXLSXWriter
import PanelBrief

/// The version of libxlsxwriter linked in.
public var libxlsxwriterVersion: String { String(cString: lxw_version()) }
