"""The simulated SAP ECC system: SU_USER BAPI semantics (``bapi``) and their SOAP service (``service``)."""
