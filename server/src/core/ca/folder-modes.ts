// The modes of the folders a file plan creates: they live in the protocol module (protocol/files.ts), since the
// VS Code client's writer creates the same folders as `gen`.
export { FOLDER_MODE, folderModes, PRIVATE_FOLDER_MODE } from '../../protocol/files';
