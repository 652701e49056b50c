// The addresses in PF_KEY messages are IPAddressing's; every user of this module sees that type.
@_exported public import IPAddressing
